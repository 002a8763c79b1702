// Password resets as code. A reset is sent on the first `pulumi up`, then:
// - for Linus, whenever `resetWave` changes (`pulumi config set resetWave 2`);
// - for Margaret, on the first `pulumi up` after 90 days have passed since the last one;
// - for both, whenever their user is recreated (email or username changed).
// A plain `pulumi up` with nothing due sends nothing, and a preview never sends.
import * as pulumi from "@pulumi/pulumi";
import { UserPasswordReset, VectaraUser } from "pulumi-vectara";

const config = new pulumi.Config();
const resetWave = config.get("resetWave") ?? "1";

const linus = new VectaraUser("linus", { email: "linus@example.com", apiRoles: ["corpus_developer"] });
const margaret = new VectaraUser("margaret", { email: "margaret@example.com", apiRoles: ["administrator"] });

const linusReset = new UserPasswordReset("linus-password", { user: linus, triggers: { wave: resetWave } });
const margaretReset = new UserPasswordReset("margaret-password", { user: margaret, rotateAfterDays: 90 });

export const lastResets = { linus: linusReset.resetAt, margaret: margaretReset.resetAt };
