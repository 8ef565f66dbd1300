/** Bot Framework authentication in which every failure to authenticate is a 401, never a 500. */
import { ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import { AuthenticationError, type AuthenticateRequestResult } from 'botframework-connector';

export class StrictAuthentication extends ConfigurationBotFrameworkAuthentication {
  // e.g. a token whose signature does not verify surfaces as a plain Error, which CloudAdapter answers with 500
  override async authenticateRequest(
    ...args: Parameters<ConfigurationBotFrameworkAuthentication['authenticateRequest']>
  ): Promise<AuthenticateRequestResult> {
    try {
      return await super.authenticateRequest(...args);
    } catch (e) {
      throw e instanceof AuthenticationError
        ? e
        : new AuthenticationError('Unauthorized: the token could not be verified', 401);
    }
  }
}
