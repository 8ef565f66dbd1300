/** A message carrying one card, with the card's spoken summary as the activity's `summary` (notifications, screen readers). */
import { type Activity, CardFactory, MessageFactory } from 'botbuilder';
import { summaryOf, type CardContent } from './cards/render';

export function cardMessage(card: CardContent): Partial<Activity> {
  const activity = MessageFactory.attachment(CardFactory.adaptiveCard(card));
  const summary = summaryOf(card);
  if (summary) activity.summary = summary;
  return activity;
}
