/**
 * create / read / update / delete of a machine credential (an app client, an API key): an
 * object Vectara addresses by id, whose name is not unique, and whose secret only the answer
 * to its create carries. Each resource's operations.ts describes its credential (a
 * `CredentialKind`) and hands its API's client over as a `CredentialApi`.
 *
 * - Adoption (`adoptExisting`): an id takes that credential over; `true` takes over the only
 *   credential with the name, and refuses (listing the ids) when there are several.
 * - A create whose answer was lost is never sent again blind: a listing looks for a credential
 *   with this name that matches every field the create set and that was not there before the
 *   create (the API records no creation time, so each create lists the name first: one GET
 *   more per create, and a credential somebody else made with the same name and fields is
 *   never taken for ours). One: that is the one the create made. None: nothing was made (the
 *   create may be sent again, once). Several, or a listing that fails: the resource is
 *   recorded as unconfirmed (a partial failure with a placeholder id, and the ids that were
 *   there before in `__existingBefore`), and the next `up` or `refresh` looks again.
 * - A credential this stack did not see created (adopted, or reconciled after a lost answer) has no secret
 *   in state: the secret output is "" and `secretNote` says why and how to get one (change
 *   `rotationTrigger`). Nothing is ever invented.
 * - Secrets never reach a message: messages name ids, names and fields, never records.
 */
import { isCreateUnconfirmed, isNotFound, isOutcomeUnknown, VectaraError } from "../client";
import { changedKeys } from "../framework/diff";
import { createRequest, outputsFrom, patchRequest, pick, unconfirmedOutputs } from "../framework/mapping";
import { PartialCreateError, type Operations } from "../framework/partial-failure";
import { canonical } from "../framework/compare";
import { inputKeys, inputs as inputRows, type Schema } from "../framework/schema";
import { withoutUndefined } from "../framework/values";
import { managedId, unconfirmedId } from "./unconfirmed";

type Props = Record<string, any>;

/**
 * The state key of an unconfirmed create that holds the ids a listing showed with its name
 * before its POST: never the one it made. Dropped once the create is settled.
 */
const EXISTING_BEFORE = "__existingBefore";

/** The ids an unconfirmed create's state says were there before it. */
function existingBefore(props: Props): Set<string> {
  const ids = props[EXISTING_BEFORE];
  return new Set(Array.isArray(ids) ? ids.filter((id): id is string => typeof id === "string") : []);
}

/** What the operations need of a credential's API client (the resource's operations.ts adapts its client to it). */
export interface CredentialApi<R extends { id: string; name: string }> {
  /** The credential, or undefined on 404. */
  find(id: string): Promise<R | undefined>;
  /** Every credential named exactly `name`. */
  named(name: string): Promise<R[]>;
  /** The POST; its answer carries the secret. Throws OutcomeUnknownError (or CreateUnconfirmedError) when the answer was lost. */
  create(request: Props): Promise<R>;
  update(id: string, request: Props): Promise<R>;
  delete(id: string): Promise<void>;
}

/** One kind of machine credential, described for the generic operations. */
export interface CredentialKind<R extends { id: string; name: string }> {
  /** How messages name it: "app client", "API key". */
  label: string;
  schema: Schema;
  /** The output holding its id ("appClientId"). */
  idOutput: string;
  /** The output holding its secret ("clientSecret") and the record's field that carries it ("clientSecret"). */
  secretOutput: string;
  secretField: keyof R & string;
  /** The fields a lost create's candidate is matched on besides its name, for messages: "description and apiRoles". */
  matchedFields: string;
}

/**
 * Where a record comes from: a create's answer or a credential this resource already keeps
 * ("kept": its secret is the one state holds), or one it did not see created.
 */
type Origin = "kept" | "adopted" | "reconciled";

/** The operations of one kind of credential, each call made on `api()`. */
export function credentialOperations<R extends { id: string; name: string }>(
  kind: CredentialKind<R>,
  api: () => CredentialApi<R>,
): Operations {
  const inputNames = inputKeys(kind.schema);
  // What a create sends: a lost create's candidate holds every one of them, compared as diff compares.
  const sent = inputRows(kind.schema)
    .filter(([, spec]) => spec.api && spec.onCreate)
    .map(([key]) => key);
  const madeBy = (record: R, declared: Props) => {
    const server = outputsFrom(kind.schema, record as unknown as Props, declared);
    return sent.every((key) => canonical(kind.schema, server, key) === canonical(kind.schema, declared, key));
  };
  // Inputs Vectara does not hold (adoptExisting, rotationTrigger): state takes them from the program.
  const notOnServer = inputNames.filter((key) => !kind.schema[key]!.api);

  /**
   * State from a record: the table's outputs, and the secret: the record's (a create's answer),
   * else, for a credential this resource keeps, the one in `previous` state; else "" with a note.
   */
  const outputsOf = (record: R, declared: Props, origin: Origin, previous: Props = {}): Props => {
    const outs = outputsFrom(kind.schema, record as unknown as Props, declared);
    const fresh = record[kind.secretField];
    if (typeof fresh === "string" && fresh !== "") {
      outs[kind.secretOutput] = fresh;
      outs.secretNote = "";
    } else if (origin === "kept") {
      outs[kind.secretOutput] = previous[kind.secretOutput] ?? "";
      outs.secretNote = previous.secretNote ?? "";
    } else {
      outs[kind.secretOutput] = "";
      outs.secretNote = secretNote(kind, record.id, origin);
    }
    return withoutUndefined(outs);
  };

  /** A credential made or taken over, brought to the declared state with one PATCH of what differs (a failed PATCH: recorded, finished by the next `up`). */
  const finish = async (resourceId: string | undefined, record: R, inputs: Props, origin: Origin) => {
    const outs = outputsOf(record, inputs, origin);
    const pending = changedKeys(kind.schema, outs, inputs, "patch");
    const id = resourceId ?? record.id;
    if (pending.length === 0) return { id, outs };
    try {
      const patched = await api().update(record.id, patchRequest(kind.schema, pending, inputs));
      return { id, outs: outputsOf(patched, inputs, "kept", outs) };
    } catch (e) {
      const why = `${verbOf(origin)} Vectara ${kind.label} "${record.name}" (${record.id}) but could not set ${pending.join(", ")}: ${sentenceOf(e)} Run \`pulumi up\` again to finish.`;
      throw new PartialCreateError(why, id, outs);
    }
  };

  /** The credential `adoptExisting` names: by id, or the only one with this name; when none has the name, that (empty) listing. */
  const adoptee = async (inputs: Props): Promise<R | R[]> => {
    const adopt = inputs.adoptExisting;
    if (typeof adopt === "string") {
      const found = await api().find(adopt);
      if (!found)
        throw new Error(`Cannot take over Vectara ${kind.label} ${adopt} (adoptExisting): it does not exist. Nothing was created.`);
      return found;
    }
    const named = await api().named(inputs.name);
    if (named.length > 1) throw ambiguous(kind, inputs.name, named);
    return named.length === 1 ? named[0]! : named;
  };

  /** An adoptee whose fields that only a replacement changes differ from the declared ones is refused: taking it over would replace it at once. */
  const refuseMismatch = (record: R, inputs: Props) => {
    const differ = changedKeys(kind.schema, outputsFrom(kind.schema, record as unknown as Props, inputs), inputs, "replace").filter(
      (key) => kind.schema[key]!.api,
    );
    if (differ.length === 0) return;
    const server = outputsFrom(kind.schema, record as unknown as Props, {});
    const what = differ.map((key) => `${key} ${JSON.stringify(server[key])} (declared: ${JSON.stringify(inputs[key])})`).join(", ");
    throw new Error(
      `Cannot take over Vectara ${kind.label} ${record.id} (adoptExisting): it has ${what}, which the API cannot change. ` +
        `Declare them as it has them, or leave adoptExisting out to create a new ${kind.label}. Nothing was changed.`,
    );
  };

  /** After a lost answer: the one credential the create made (not one of `before`), undefined when none, or an error saying what was found. */
  const lookForLost = async (inputs: Props, before: Set<string>): Promise<R | undefined> => {
    const candidates = (await api().named(inputs.name)).filter((record) => !before.has(record.id) && madeBy(record, inputs));
    if (candidates.length > 1) throw new Error(severalFound(kind, inputs.name, candidates));
    return candidates[0];
  };

  const unconfirmed = (resourceId: string, inputs: Props, before: Set<string>, why: string) =>
    new PartialCreateError(
      `${why} The next \`pulumi up\` looks again (a new ${kind.label} named "${inputs.name}" with the same ${kind.matchedFields}) before it creates anything; \`pulumi refresh\` does too.`,
      resourceId,
      withoutUndefined({
        ...unconfirmedOutputs(kind.schema, inputs),
        ...(before.size > 0 ? { [EXISTING_BEFORE]: [...before].sort() } : {}),
      }),
    );

  /** The credentials with this name before a create; a failure says why a create lists and that nothing was made. */
  const listBefore = async (name: string): Promise<R[]> => {
    try {
      return await api().named(name);
    } catch (e) {
      if (!(e instanceof VectaraError)) throw e;
      throw new VectaraError(
        `Could not create Vectara ${kind.label} "${name}": listing the ${kind.label}s with that name first (so that a lost answer to the create is never mistaken for one that was already there) failed: ${sentenceOf(e)} Nothing was created; running \`pulumi up\` again is safe.`,
        { cause: e },
      );
    }
  };

  /**
   * List the name, POST, and after a lost answer, look for one that was not listed before: the
   * one found is taken (its secret unknown); none found: the POST is sent once more.
   * `alsoBefore`: ids an earlier unconfirmed create of this resource had listed; `listed`: the
   * name's credentials when the caller has just listed them.
   */
  const createOrReconcile = async (resourceId: string | undefined, inputs: Props, alsoBefore = new Set<string>(), listed?: R[]) => {
    const before = new Set([...alsoBefore, ...(listed ?? (await listBefore(inputs.name))).map((record) => record.id)]);
    for (let attempt = 1; ; attempt++) {
      let lost: unknown;
      try {
        const made = await api().create(createRequest(kind.schema, inputs));
        return await finish(resourceId, made, inputs, "kept");
      } catch (e) {
        if (!isOutcomeUnknown(e) && !isCreateUnconfirmed(e)) throw e;
        lost = e;
      }
      let found: R | undefined;
      try {
        found = await lookForLost(inputs, before);
      } catch (e) {
        throw unconfirmed(
          resourceId ?? unconfirmedId(inputs.name),
          inputs,
          before,
          `${sentenceOf(lost)} Looking for the ${kind.label} it may have made failed too: ${sentenceOf(e)}`,
        );
      }
      if (found) return finish(resourceId, found, inputs, "reconciled");
      if (attempt === 2) {
        throw new Error(
          `Could not create Vectara ${kind.label} "${inputs.name}": the answer to the create was lost twice and a listing after each found no such ${kind.label}, so none was made. Last error: ${sentenceOf(lost)} Running \`pulumi up\` again is safe.`,
        );
      }
    }
  };

  return {
    async create(inputs: Props) {
      if (inputs.adoptExisting) {
        const existing = await adoptee(inputs);
        if (!Array.isArray(existing)) {
          refuseMismatch(existing, inputs);
          return finish(existing.id, existing, inputs, "adopted");
        }
        return createOrReconcile(undefined, inputs, new Set(), existing);
      }
      return createOrReconcile(undefined, inputs);
    },

    async read(id: string, props: Props) {
      const mine = managedId(id, props[kind.idOutput]);
      let record: R | undefined;
      if (mine) {
        record = await api().find(mine);
      } else {
        // A create whose answer was lost: the one it made, if a listing finds exactly one.
        try {
          record = await lookForLost(props, existingBefore(props));
        } catch {
          return { id, props };
        }
      }
      if (!record) return { id: "" };
      const outs = outputsOf(record, props, mine ? "kept" : "reconciled", props);
      return { id: record.id, props: outs, inputs: withoutUndefined(pick(outs, inputNames)) };
    },

    async update(id: string, olds: Props, news: Props) {
      const mine = managedId(id, olds[kind.idOutput]);
      if (!mine) return settle(id, olds, news);
      const pending = changedKeys(kind.schema, olds, news, "patch");
      if (pending.length === 0) return { outs: withoutUndefined({ ...olds, ...pick(news, notOnServer) }) };
      let record: R;
      try {
        record = await api().update(mine, patchRequest(kind.schema, pending, news));
      } catch (e) {
        if (isNotFound(e)) throw gone(kind, olds.name, mine);
        throw e;
      }
      return { outs: outputsOf(record, news, "kept", olds) };
    },

    async delete(id: string, props: Props) {
      let mine = managedId(id, props[kind.idOutput]);
      if (!mine) mine = (await lookForLost(props, existingBefore(props)).catch(() => undefined))?.id;
      if (!mine) return;
      try {
        await api().delete(mine);
      } catch (e) {
        if (!isNotFound(e)) throw e; // already gone is what we wanted
      }
    },
  };

  /** Update of a resource whose create is unconfirmed: look first; take the one found, create when none, else stay unconfirmed. */
  async function settle(id: string, olds: Props, news: Props) {
    const before = existingBefore(olds);
    let found: R | undefined;
    try {
      found = await lookForLost(news, before);
    } catch (e) {
      throw unconfirmed(
        id,
        news,
        before,
        `Still not known whether the earlier create of Vectara ${kind.label} "${news.name}" made one: ${sentenceOf(e)}`,
      );
    }
    const { outs } = found ? await finish(id, found, news, "reconciled") : await createOrReconcile(id, news, before);
    return { outs };
  }
}

/** Why the secret output is empty, and how to get a secret. */
export function secretNote(kind: Pick<CredentialKind<any>, "label" | "secretOutput">, id: string, origin: Exclude<Origin, "kept">): string {
  const how = {
    adopted: "this resource took it over (adoptExisting)",
    reconciled: "the answer to its create was lost, and a listing found it afterwards",
  }[origin];
  return (
    `The secret of Vectara ${kind.label} ${id} is not known to this stack: Vectara shows it only in the answer to the create, and ${how}. ` +
    `${kind.secretOutput} is empty. To get a secret, change rotationTrigger: the next \`pulumi up\` replaces it with a new ${kind.label} (created before the old one is deleted).`
  );
}

function ambiguous(kind: CredentialKind<any>, name: string, found: { id: string }[]): Error {
  return new Error(
    `Cannot take over Vectara ${kind.label} "${name}" (adoptExisting: true): ${found.length} ${kind.label}s have that name (${found.map((r) => r.id).join(", ")}), and names are not unique. ` +
      `Set adoptExisting to the id of the one to take over. Nothing was created.`,
  );
}

function severalFound(kind: CredentialKind<any>, name: string, found: { id: string }[]): string {
  return (
    `The answer to the create of Vectara ${kind.label} "${name}" was lost, and ${found.length} ${kind.label}s with that name and the same ${kind.matchedFields} appeared since it was sent (${found.map((r) => r.id).join(", ")}): ` +
    `which one (if any) the create made cannot be told. Nothing more was created. Set adoptExisting to the id of the one to keep and delete the others, or delete the ones this stack made.`
  );
}

function gone(kind: CredentialKind<any>, name: string, id: string): Error {
  return new Error(
    `Vectara ${kind.label} "${name}" (${id}) no longer exists. Run \`pulumi refresh\` to drop it from state, then \`pulumi up\` to create a new one.`,
  );
}

function verbOf(origin: Origin): string {
  return origin === "kept" ? "Created" : "Took over";
}

/** An error's message as a sentence, so that the next one can follow it. */
function sentenceOf(e: unknown): string {
  const message = (e instanceof Error ? e.message : String(e)).trimEnd();
  return /[.!?]$/.test(message) ? message : `${message}.`;
}
