/** Only people with an email in the company's domains. */
import { who, type Principal } from "../resources";
import { isUnknown } from "../values";
import { KNOWN_AT_UP, listing, lowerCaseList, STRING_LIST, unchecked, violation, type Finding, type ResourceRule } from "./rule";

export interface EmailDomainsConfig {
  /** Allowed domains, lower case; empty: the rule checks nothing. */
  domains: string[];
  /** Whether `eu.example.com` passes when `example.com` is allowed. */
  allowSubdomains: boolean;
}

/** The part after the last `@`, lower case (domains compare case-insensitively). */
export function domainOf(email: string): string {
  return email.slice(email.lastIndexOf("@") + 1).toLowerCase();
}

export function domainAllowed(domain: string, config: EmailDomainsConfig): boolean {
  return config.domains.some((allowed) => domain === allowed || (config.allowSubdomains && domain.endsWith(`.${allowed}`)));
}

export const emailDomains: ResourceRule<EmailDomainsConfig> = {
  name: "vectara-email-domains",
  description: "Vectara users have an email in one of the allowed domains (config: domains, allowSubdomains).",
  enforcementLevel: "mandatory",
  configSchema: {
    properties: {
      domains: { ...STRING_LIST, default: [], description: "Allowed email domains, e.g. example.com; empty: no check." },
      allowSubdomains: { type: "boolean", default: false, description: "Also allow subdomains of the listed domains." },
    },
  },
  config: (raw) => ({
    domains: lowerCaseList(raw.domains).map((d) => d.replace(/^@/, "")),
    allowSubdomains: raw.allowSubdomains === true,
  }),
  checkResource(p: Principal, config): Finding[] {
    if (config.domains.length === 0 || p.email === undefined) return [];
    const allowed = `${listing(config.domains)}${config.allowSubdomains ? ` and ${config.domains.length > 1 ? "their" : "its"} subdomains` : ""}`;
    if (isUnknown(p.email)) return [unchecked(p.email, who(p), `its email is ${KNOWN_AT_UP}; allowed domains: ${allowed}`)];
    const domain = domainOf(p.email);
    if (domainAllowed(domain, config)) return [];
    return [
      violation(
        who(p),
        `the email domain ${domain} is not allowed, only ${allowed}`,
        `give the user an address in an allowed domain, or add ${domain} to "domains" in the pack's config`,
      ),
    ];
  },
};
