/** Conversation references for proactive messages, keyed 'user:<aadObjectId>' or 'conv:<conversation id>'. */
import type { Container } from '@azure/cosmos';
import type { ConversationKey, FormKey } from '../app/conversationKey';
import type { ConversationStore } from '../app/ports';
import { isNotFound, mapStoreError } from './errors';

export class ConversationRepository implements ConversationStore {
  constructor(private readonly container: Container) {}

  async save(key: ConversationKey | FormKey, ref: Record<string, unknown>): Promise<void> {
    try {
      await this.container.items.upsert({ id: key, ref, updatedAt: new Date().toISOString() });
    } catch (e) {
      throw mapStoreError(e, 'save conversation reference');
    }
  }

  async get(key: ConversationKey | FormKey): Promise<Record<string, unknown> | null> {
    try {
      const { resource } = await this.container.item(key, key).read<{ ref: Record<string, unknown> }>();
      return resource?.ref ?? null;
    } catch (e) {
      if (isNotFound(e)) return null;
      throw mapStoreError(e, 'read conversation reference');
    }
  }
}
