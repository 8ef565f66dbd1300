/** The Teams edge's pieces: the Bot Framework adapter, and the context every handler is given. */
import { randomUUID } from 'node:crypto';
import type { TokenCredential } from '@azure/identity';
import { CloudAdapter, type ConfigurationBotFrameworkAuthenticationOptions } from 'botbuilder';
import type { CaseService } from '../app/caseService';
import type { CaseLookup, DirectoryStore } from '../app/ports';
import type { ProcedureCatalog } from '../app/procedures';
import { requestAuthenticator, StrictAuthentication } from '../bot/authentication';
import { cardsFor, outgoingCards } from '../bot/cards/cards';
import { statusOf } from '../bot/connectorOutcome';
import type { BotContext } from '../bot/context';
import type { Conversations } from '../bot/conversations';
import { CardRouter } from '../bot/router';
import { TeamsSender } from '../bot/sender';
import { FORM_CLOSING_VERBS } from '../bot/openForms';
import { EscalateBot } from '../bot/teamsBot';
import type { Config } from '../config';
import { appInstaller } from '../graph/install';
import type { Logger } from '../log';
import { createServer } from '../server';
import type { DirectoryCache } from './directory';

export function createAdapter(
  config: Config,
  log: Logger,
  opts: {
    auth?: Partial<ConfigurationBotFrameworkAuthenticationOptions>;
    sleep?: (ms: number) => Promise<void>;
  },
): CloudAdapter {
  const adapter = new CloudAdapter(
    new StrictAuthentication(
      {
        MicrosoftAppId: config.MicrosoftAppId,
        MicrosoftAppPassword: config.MicrosoftAppPassword,
        MicrosoftAppType: config.MicrosoftAppType || undefined,
        MicrosoftAppTenantId: config.MicrosoftAppTenantId,
        ...opts.auth,
      },
      { connectorTimeoutMs: config.CONNECTOR_TIMEOUT_MS, sleep: opts.sleep },
    ),
  );
  adapter.onTurnError = async (_ctx, error) => {
    const code = (error as { code?: unknown }).code;
    log.error(
      {
        event: 'turnError',
        err: error.name,
        status: statusOf(error),
        code: typeof code === 'string' ? code : undefined,
      },
      'turn failed',
    );
    return Promise.resolve();
  };
  return adapter;
}

export interface BotContextParts {
  partnershipId: string;
  banner: string;
  cases: CaseLookup;
  service: CaseService;
  procedures: ProcedureCatalog;
  directory: DirectoryCache;
  directories: DirectoryStore;
  conversations: Conversations;
  now: () => Date;
  log: Logger;
  /** Wake the dispatcher (it is started after the context is built). */
  kick: () => void;
}

export function botContext(p: BotContextParts): BotContext {
  return {
    partnershipId: p.partnershipId,
    banner: p.banner,
    cases: p.cases,
    service: p.service,
    procedures: p.procedures,
    directory: p.directory,
    now: p.now,
    log: p.log,
    kick: p.kick,
    refreshUserIds: async (c) => {
      const ids = await Promise.all(
        c.stage.participants.map(async (x) => (await p.conversations.forPerson(x.personId))?.userId),
      );
      return ids.filter((x): x is string => typeof x === 'string').slice(0, 60);
    },
    newCaseId: () => randomUUID(),
    delegations: {
      async save(partnershipId, d) {
        await p.directories.saveDelegation(partnershipId, d);
        p.directory.forget(partnershipId);
      },
      async remove(partnershipId, personId) {
        await p.directories.removeDelegation(partnershipId, personId);
        p.directory.forget(partnershipId);
      },
    },
  };
}

/** The bot, the proactive sender, and the HTTP server that takes Teams' requests. */
export function teamsEdge(p: {
  config: Config;
  log: Logger;
  adapter: CloudAdapter;
  ctx: BotContext;
  conversations: Conversations;
  ready: () => Promise<boolean>;
  /** Microsoft Graph's credential in tests (else the bot's identity, when GRAPH_ENABLED). */
  graphCredential?: TokenCredential;
}): { sender: TeamsSender; server: ReturnType<typeof createServer> } {
  const { config, log, adapter, ctx, conversations } = p;
  const forms = conversations.openForms;
  const sender = new TeamsSender({
    adapter,
    appId: config.MicrosoftAppId,
    tenantId: config.MicrosoftAppTenantId,
    conversations,
    directory: ctx.directory,
    cards: outgoingCards(ctx, cardsFor(ctx)),
    forms: { marks: forms, now: ctx.now },
    installer: appInstaller(config, log, p.graphCredential),
  });
  const bot = new EscalateBot(
    new CardRouter(ctx),
    conversations,
    log,
    (personId, card, reach) => sender.toPerson(personId, card, reach),
    { marks: forms, now: ctx.now, closing: FORM_CLOSING_VERBS },
  );
  const authenticate = requestAuthenticator(adapter);
  const server = createServer({ config, log, adapter, bot, ready: p.ready, authenticate });
  return { sender, server };
}
