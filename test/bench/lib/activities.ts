/** Teams-shaped activities, as the Bot Connector would POST them to /api/messages. */
import { invokeActivity, raiseData, TENANT } from '../../support/botHarness';

export { raiseData, TENANT };

/**
 * An `adaptiveCard/action` invoke from `aad`'s personal chat with the bot, clicked on a card in a message of
 * that chat (Teams sends the message's id as `replyToId`; the bot keeps track of forms open on it).
 */
export function cardInvoke(
  serviceUrl: string,
  aad: string,
  verb: string,
  data: Record<string, unknown>,
): Record<string, unknown> {
  return invokeActivity(serviceUrl, aad, verb, data, 'manual', `bench-card-${aad}`);
}

/** Data of the "Record a discussion" form, as Teams submits it. */
export function discussionData(caseId: string, v: number, users: string[]): Record<string, unknown> {
  return {
    caseId,
    v,
    heldAtDate: '2026-01-05',
    heldAtTime: '09:30',
    method: 'telephone',
    attendeeIds: users.join(','),
    summary: 'Talked it through on the phone; still no agreement on the threshold.',
    outcome: 'unresolved',
  };
}

/** The case version a card's buttons carry (`data.v`), which the next action must send back. */
export function versionOnCard(card: unknown): number | undefined {
  let found: number | undefined;
  const walk = (n: unknown): void => {
    if (found !== undefined || !n || typeof n !== 'object') return;
    if (Array.isArray(n)) return n.forEach(walk);
    const o = n as Record<string, unknown>;
    if (o.type === 'Action.Execute' && o.data && typeof (o.data as { v?: unknown }).v === 'number') {
      found = (o.data as { v: number }).v;
      return;
    }
    Object.values(o).forEach(walk);
  };
  walk(card);
  return found;
}
