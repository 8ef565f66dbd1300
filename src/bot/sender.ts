/** Delivers outbox effects to Teams through the Bot Connector: notify a person, alert the channel, update cards. */
import { type Activity, type CloudAdapter, type ConversationReference, type TurnContext } from 'botbuilder';
import type { CardRef, CaseDoc } from '../app/caseDocument';
import { chatKey, personKey, type ConversationKey } from '../app/conversationKey';
import type { Effect, PersonEffect } from '../domain/case';
import type { Directory } from '../domain/directory';
import type { SendOutcome, Sender } from '../delivery/contract';
import { cardMessage } from './cardMessage';
import { outcomeOf, rethrowing } from './connectorOutcome';
import type { Conversations } from './conversations';
import type { OpenForms } from './openForms';

export type CardContent = Record<string, unknown>;

/** Renders what the sender posts; implemented by the card layer. */
export interface OutgoingCards {
  caseCard(doc: CaseDoc, viewerId: string | null, headline: string): Promise<CardContent>;
  /** Whether the person may still see the case (a participant, approver, owner of an action, …). */
  mayView(doc: CaseDoc, personId: string): Promise<boolean>;
  notification(doc: CaseDoc, effect: PersonEffect): Promise<CardContent>;
  alert(effect: Extract<Effect, { kind: 'alert' }>): CardContent;
  unreachable(doc: CaseDoc, personName: string): Promise<CardContent>;
}

export interface SenderDeps {
  adapter: CloudAdapter;
  appId: string;
  tenantId: string;
  conversations: Conversations;
  directory: (partnershipId: string) => Promise<Directory>;
  cards: OutgoingCards;
  /** Cards with a form open on them, left alone by updates; and the time, to let a stale one go. */
  forms: { marks: OpenForms; now: () => Date };
  /** Installs the app for a person through Microsoft Graph, when configured (src/graph/install.ts). */
  installer?: { installFor(personId: string): Promise<'installed' | 'already' | 'failed'> };
}

export class TeamsSender implements Sender {
  constructor(private readonly deps: SenderDeps) {}

  async target(doc: CaseDoc, effect: Effect): Promise<string> {
    if (effect.kind === 'notify' || effect.kind === 'notice') return personKey(effect.to);
    if (effect.kind === 'alert') return chatKey((await this.channelId(doc.partnershipId)) ?? 'none');
    return `cards:${doc.caseId}`;
  }

  async send(doc: CaseDoc, effect: Effect): Promise<SendOutcome> {
    switch (effect.kind) {
      case 'notify':
      case 'notice':
        return this.notify(doc, effect);
      case 'alert':
        return this.postToChannel(doc, this.deps.cards.alert(effect));
      case 'refreshCards':
        return this.refreshCards(doc);
    }
  }

  /** The person could not be reached: @mention them in the business office channel instead. */
  async fallback(doc: CaseDoc, effect: Effect): Promise<SendOutcome> {
    if (effect.kind !== 'notify') return { kind: 'failed', error: 'unreachable' };
    const dir = await this.deps.directory(doc.partnershipId);
    const person = dir.people.find((p) => p.id === effect.to);
    const name = person?.name ?? 'a participant';
    const outcome = await this.postToChannel(doc, await this.deps.cards.unreachable(doc, name), {
      id: effect.to,
      name,
    });
    return outcome.kind === 'sent' ? { kind: 'sent' } : outcome;
  }

  private async notify(doc: CaseDoc, effect: PersonEffect): Promise<SendOutcome> {
    const card = await this.deps.cards.notification(doc, effect);
    const stored = await this.deps.conversations.forPerson(effect.to);
    const key = personKey(effect.to);
    const sent = stored
      ? await this.post(stored.reference, card, key, effect.to, { shown: doc.version })
      : await this.openAndPost(doc, effect.to, card);
    return effect.kind === 'notice' && sent.kind === 'sent' ? { kind: 'sent' } : sent; // a notice keeps no card to update
  }

  private async post(
    reference: Partial<ConversationReference>,
    card: CardContent,
    key: ConversationKey,
    personId: string | null,
    opts: { mention?: { id: string; name: string }; shown?: number } = {},
  ): Promise<SendOutcome> {
    const { mention, shown } = opts;
    let activityId: string | undefined;
    try {
      await this.inTurn(reference, async (ctx: TurnContext) => {
        const activity = cardMessage(card);
        if (mention) {
          activity.text = `<at>${mention.name}</at>`;
          activity.entities = [
            {
              type: 'mention',
              text: `<at>${mention.name}</at>`,
              mentioned: { id: mention.id, name: mention.name },
            },
          ];
        }
        activityId = (await ctx.sendActivity(activity))?.id;
      });
    } catch (e) {
      return outcomeOf(e, false);
    }
    const ref: CardRef | undefined = activityId
      ? { conversationKey: key, activityId, personId, shown }
      : undefined;
    return { kind: 'sent', card: ref };
  }

  /** Someone who never talked to the bot: open a 1:1 chat with them in the tenant. */
  private async openAndPost(doc: CaseDoc, personId: string, card: CardContent): Promise<SendOutcome> {
    const anchor = await this.anyReference(doc);
    const serviceUrl = anchor?.serviceUrl;
    if (!serviceUrl)
      return { kind: 'unreachable', error: 'no conversation with this person and no service URL known' };
    return this.openChat(serviceUrl, personId, personId, card, doc.version);
  }

  /**
   * Answer a person in their 1:1 chat at once: the answer to a command they typed or clicked in a shared
   * conversation, which must carry nothing of a case (DESIGN.md §8). True when Teams took it.
   */
  async toPerson(
    personId: string,
    card: CardContent,
    reach: { serviceUrl: string; teamsUserId: string },
  ): Promise<boolean> {
    const stored = await this.deps.conversations.forPerson(personId);
    const outcome = stored
      ? await this.post(stored.reference, card, personKey(personId), personId)
      : await this.openChat(reach.serviceUrl, reach.teamsUserId, personId, card);
    return outcome.kind === 'sent';
  }

  /**
   * Create the 1:1 conversation with `memberId` (an Entra object id or a Teams user id) and post the card. Refused
   * (the app is not installed for them): install it through Graph and try once more; else the caller falls back.
   */
  private async openChat(
    serviceUrl: string,
    memberId: string,
    personId: string,
    card: CardContent,
    shown?: number,
  ): Promise<SendOutcome> {
    const first = await this.createAndPost(serviceUrl, memberId, personId, card, shown);
    if (first.kind !== 'unreachable' || !this.deps.installer) return first;
    if ((await this.deps.installer.installFor(personId)) === 'failed') return first;
    return this.createAndPost(serviceUrl, memberId, personId, card, shown);
  }

  private async createAndPost(
    serviceUrl: string,
    memberId: string,
    personId: string,
    card: CardContent,
    shown?: number,
  ): Promise<SendOutcome> {
    let activityId: string | undefined;
    try {
      await rethrowing(
        (turn) =>
          this.deps.adapter.createConversationAsync(
            this.deps.appId,
            'msteams',
            serviceUrl,
            '',
            {
              isGroup: false,
              bot: { id: this.deps.appId, name: 'Escalate' },
              members: [{ id: memberId, name: '' }],
              tenantId: this.deps.tenantId,
              channelData: { tenant: { id: this.deps.tenantId } },
            },
            turn,
          ),
        async (ctx) => {
          activityId = (await ctx.sendActivity(cardMessage(card)))?.id;
        },
      );
    } catch (e) {
      return outcomeOf(e, false);
    }
    return {
      kind: 'sent',
      card: activityId ? { conversationKey: personKey(personId), activityId, personId, shown } : undefined,
    };
  }

  private async channelId(partnershipId: string): Promise<string | undefined> {
    return (await this.deps.directory(partnershipId)).partnership.businessOfficeChannel?.conversationId;
  }

  /** The channel's stored reference, or one built from its id and a known service URL. */
  private async channelReference(
    partnershipId: string,
    doc?: CaseDoc,
  ): Promise<Partial<ConversationReference> | null> {
    const id = await this.channelId(partnershipId);
    if (!id) return null;
    const stored = await this.deps.conversations.forConversation(id);
    if (stored) return stored.reference;
    const anchor = (await this.officeReference(partnershipId)) ?? (doc ? await this.anyReference(doc) : null);
    if (!anchor?.serviceUrl) return null;
    return {
      ...anchor,
      conversation: { id, isGroup: true, conversationType: 'channel', name: '' },
      user: undefined,
    };
  }

  private async postToChannel(
    doc: CaseDoc,
    card: CardContent,
    mention?: { id: string; name: string },
  ): Promise<SendOutcome> {
    return this.postToChannelOf(doc.partnershipId, card, mention, doc);
  }

  /** Post a card to the partnership's business office channel (alerts, the weekly digest). */
  async postToChannelOf(
    partnershipId: string,
    card: CardContent,
    mention?: { id: string; name: string },
    doc?: CaseDoc,
  ): Promise<SendOutcome> {
    const ref = await this.channelReference(partnershipId, doc);
    if (!ref) return { kind: 'failed', error: 'no business office channel known' };
    const outcome = await this.post(ref, card, chatKey(ref.conversation?.id ?? ''), null, { mention });
    return outcome.kind === 'sent' ? { kind: 'sent' } : outcome;
  }

  /** A business office member's reference: they are in the channel, so their service URL reaches it. */
  private async officeReference(partnershipId: string): Promise<Partial<ConversationReference> | null> {
    for (const id of (await this.deps.directory(partnershipId)).partnership.businessOfficeIds) {
      const stored = await this.deps.conversations.forPerson(id);
      if (stored?.reference.serviceUrl) return stored.reference;
    }
    return null;
  }

  /** Any stored reference among the case's people, for its service URL (one per tenant region). */
  private async anyReference(doc: CaseDoc): Promise<Partial<ConversationReference> | null> {
    for (const id of [doc.state.raisedBy, ...doc.participants]) {
      const stored = await this.deps.conversations.forPerson(id);
      if (stored?.reference.serviceUrl) return stored.reference;
    }
    return null;
  }

  /** Run `logic` in a proactive turn in the conversation of `reference` (its errors reach the caller). */
  private inTurn(
    reference: Partial<ConversationReference>,
    logic: (ctx: TurnContext) => Promise<void>,
  ): Promise<void> {
    return rethrowing(
      (turn) => this.deps.adapter.continueConversationAsync(this.deps.appId, reference, turn),
      logic,
    );
  }

  /**
   * Update every case card posted, each in place, with the view of the person it was posted to. A card
   * already drawn from this version is left alone: it shows the same, and keeps its headline ("You are
   * asked to approve…"), which an update would replace. A card with a form open on it is left alone too:
   * the update would lose what the person is typing; submitting the form or going back shows the case as
   * it is then. So is a message that now shows another case, and the card of someone who may no longer see
   * this one.
   */
  private async refreshCards(doc: CaseDoc): Promise<SendOutcome> {
    for (const ref of doc.cards ?? []) {
      if (ref.shown !== undefined && ref.shown >= doc.version) continue;
      const { marks, now } = this.deps.forms;
      const posted = { caseId: doc.caseId, shown: ref.shown };
      if (await marks.leaveAlone(ref.conversationKey, ref.activityId, now(), posted)) continue;
      // someone no longer involved (an approval given, an action done, back from leave) sees no later state
      if (ref.personId && !(await this.deps.cards.mayView(doc, ref.personId))) continue;
      const stored = await this.deps.conversations.read(ref.conversationKey);
      if (!stored) continue;
      const update: Partial<Activity> = {
        ...cardMessage(await this.deps.cards.caseCard(doc, ref.personId, '')),
        id: ref.activityId,
      };
      try {
        await this.inTurn(stored.reference, (ctx: TurnContext) => ctx.updateActivity(update).then(() => {}));
      } catch (e) {
        const outcome = outcomeOf(e, true);
        if (outcome.kind === 'retry') return outcome;
      }
    }
    return { kind: 'sent' };
  }
}
