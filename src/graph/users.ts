/**
 * People of the host tenant by address (User.Read.All): a member's or a guest's UPN directly, else an e-mail
 * address: a member's mail, a guest's own address (their mail or otherMails), or the UPN a guest invitation
 * makes of it (jamie.reid_nhs.example#EXT#@host.onmicrosoft.com).
 */
import type { UserLookup, UserMatch } from '../app/directoryUpns';
import type { Config } from '../config';
import { GraphClient, odataString, segment, type GraphResponse } from './client';
import { graphCredential } from './credential';

type Found = { id?: unknown; userType?: unknown };

export class GraphUsers implements UserLookup {
  constructor(private readonly graph: GraphClient) {}

  async find(address: string): Promise<UserMatch> {
    const a = address.trim();
    const direct = await this.graph.call('users.get', 'GET', `/users/${segment(a)}?$select=id,userType`);
    if (direct.status === 200) return found(direct.body);
    if (direct.status !== 404 && direct.status !== 400) return failed(direct);
    if (a.toUpperCase().includes('#EXT#')) return { kind: 'notFound' }; // a guest's UPN is exact
    return this.byMail(a);
  }

  /** `mail`, `otherMails` and the guest-UPN prefix: an advanced query (ConsistencyLevel: eventual, $count). */
  private async byMail(a: string): Promise<UserMatch> {
    const at = a.lastIndexOf('@');
    const guestUpn = `${a.slice(0, at)}_${a.slice(at + 1)}#EXT#@`;
    const filter = [
      `mail eq ${odataString(a)}`,
      `otherMails/any(m:m eq ${odataString(a)})`,
      `startswith(userPrincipalName,${odataString(guestUpn)})`,
    ].join(' or ');
    const query = new URLSearchParams({
      $filter: filter,
      $select: 'id,userType',
      $count: 'true',
      $top: '5',
    });
    const r = await this.graph.call('users.filter', 'GET', `/users?${query.toString()}`, {
      headers: { ConsistencyLevel: 'eventual' },
    });
    if (r.status !== 200) return failed(r);
    const value = (Array.isArray(r.body.value) ? r.body.value : []) as Found[];
    const ids = new Set(value.map((u) => String(u.id)));
    if (ids.size === 0) return { kind: 'notFound' };
    if (ids.size === 1) return found(value[0]!);
    const count = Number(r.body['@odata.count']);
    return { kind: 'ambiguous', count: Number.isFinite(count) && count > ids.size ? count : ids.size };
  }
}

function found(u: Found): UserMatch {
  if (typeof u.id !== 'string' || !u.id) return { kind: 'failed', status: 200, code: 'NoId' };
  return { kind: 'found', id: u.id, guest: String(u.userType).toLowerCase() === 'guest' };
}

const failed = (r: GraphResponse): UserMatch => ({ kind: 'failed', status: r.status, code: r.code });

/** The command line's look-up: the bot's identity where it runs on Azure, else `az login` (src/graph/credential.ts). */
export function configuredUserLookup(config: Config): UserLookup {
  return new GraphUsers(
    new GraphClient({ endpoint: config.GRAPH_ENDPOINT, credential: graphCredential(config, 'cli') }),
  );
}
