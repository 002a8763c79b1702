// Machine access as code: the credentials a nightly ingest pipeline signs in with (an OAuth app
// client) and the key a search frontend queries one corpus with (a serving API key).
//
// Their secrets exist only as Pulumi secrets: encrypted in state, `[secret]` in every preview and
// `pulumi stack output`. They are handed on as such to the stacks that deploy the pipeline and the
// frontend (the platform team keeps this stack; each consumer reads its credential with a
// StackReference, and it stays a secret there too):
//
//   const platform = new pulumi.StackReference("acme/vectara-machine-access/prod");
//   const creds = platform.requireOutput("pipelineCredentials"); // a secret Output
//
// Rotation: `pulumi config set rotation 2027-01` and `pulumi up` create a new app client and a new
// key, hand the new secrets to these outputs (and so to every consumer's next `up`), and only then
// delete the old ones.
import * as pulumi from "@pulumi/pulumi";
import { VectaraApiKey, VectaraAppClient } from "pulumi-vectara";

const config = new pulumi.Config();
const rotation = config.get("rotation") ?? "initial";
const corpus = config.get("corpus") ?? "handbook";

const pipeline = new VectaraAppClient("ingest-pipeline", {
  name: "ingest-pipeline",
  description: "Nightly ingest: indexes the handbook",
  apiRoles: ["corpus_administrator"],
  rotationTrigger: rotation,
});

const search = new VectaraApiKey("search-frontend", {
  name: "search-frontend",
  apiKeyRole: "serving",
  corpusKeys: [corpus],
  rotationTrigger: rotation,
});

/**
 * What the pipeline's own stack sets as its `vectara:clientId` / `vectara:clientSecret`: one
 * secret object (it holds the secret), read by a StackReference.
 */
export const pipelineCredentials = pulumi.secret({ clientId: pipeline.clientId, clientSecret: pipeline.clientSecret });
/** The frontend's `x-api-key`: a secret output. */
export const searchApiKey = search.secretKey;
/** Not secret: ids for audits and `pulumi-vectara import`. */
export const ids = { pipeline: pipeline.appClientId, search: search.apiKeyId };
