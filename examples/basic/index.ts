// One administrator and one viewer. Credentials come from stack config, OAuth client
// credentials (what Vectara's user-management guide asks for) or an API key:
//   pulumi config set vectara:clientId <id> && pulumi config set --secret vectara:clientSecret <secret>
//   pulumi config set --secret vectara:apiKey zut_...
import { VectaraUser } from "pulumi-vectara";

const admin = new VectaraUser("ada", {
  email: "ada@example.com",
  description: "Platform team lead",
  apiRoles: ["administrator"],
});

const viewer = new VectaraUser("grace", {
  email: "grace@example.com",
  username: "grace",
  apiRoles: ["viewer"],
  corpusRoles: [{ corpusKey: "handbook", role: "viewer" }],
});

export const adminId = admin.userId;
export const viewerUsername = viewer.username;
