/**
 * Whom this stack's roster declares, kept in the stack itself: the program learns whom it
 * declared before its last change from this resource's outputs, never by reading the stack's
 * checkpoint (which the running update is writing: a StackReference to the stack itself failed
 * on a loaded machine with `failed to load checkpoint: EOF`).
 *
 * The provider gets its previous outputs (olds) on update: when the declared usernames change,
 * it records the old list as `previousUsernames`, with the `run` that made the change. The diff
 * looks at the usernames only, so a run that changes none of them shows no change (a second
 * `up`, `preview --expect-no-changes`), and no step ever calls an API.
 */
import * as pulumi from "@pulumi/pulumi";

export interface DeclaredUsersArgs {
  /** The usernames the roster declares, sorted. */
  usernames: string[];
  /** Unique to this run: tells whether `previousUsernames` was recorded by it. */
  run: string;
}

// Serialized into state as the resource's `__provider`: self-contained, no imports.
const provider: pulumi.dynamic.ResourceProvider = {
  async diff(_id, olds, news) {
    return { changes: JSON.stringify(olds.usernames) !== JSON.stringify(news.usernames) };
  },
  async create(inputs) {
    return { id: "declared-users", outs: { usernames: inputs.usernames, previousUsernames: [], run: inputs.run } };
  },
  async update(_id, olds, news) {
    return { outs: { usernames: news.usernames, previousUsernames: olds.usernames, run: news.run } };
  },
};

export class DeclaredUsers extends pulumi.dynamic.Resource {
  declare readonly usernames: pulumi.Output<string[]>;
  /** The usernames declared before the change that `run` made. */
  declare readonly previousUsernames: pulumi.Output<string[]>;
  declare readonly run: pulumi.Output<string>;

  constructor(name: string, args: DeclaredUsersArgs, opts?: pulumi.CustomResourceOptions) {
    super(provider, name, { ...args, previousUsernames: undefined }, opts, "team", "DeclaredUsers");
  }
}
