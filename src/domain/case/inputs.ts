/** Field checks for command inputs: every problem at once, keyed by the card input id. */
import { fail } from '../errors';
import { MAX_REFERENCE } from '../reference';

export const MAX = {
  reference: MAX_REFERENCE,
  theme: 80,
  text: 4000,
  reason: 2000,
  evidence: 4000,
  attendees: 20,
  actions: 20,
} as const;
export const MIN_EVIDENCE = 20;

export class FieldErrors {
  readonly fields: Record<string, string> = {};

  text(id: string, value: unknown, max: number, required = true): string {
    if (typeof value !== 'string' || (required && value.trim() === '')) {
      if (required) this.fields[id] = 'Required.';
      return '';
    }
    if (value.length > max) this.fields[id] = `Must be at most ${max.toLocaleString('en-GB')} characters.`;
    return value.trim();
  }

  instant(id: string, value: unknown, check?: (d: Date) => string | null): string {
    const d = typeof value === 'string' ? new Date(value) : new Date(NaN);
    if (typeof value !== 'string' || Number.isNaN(d.getTime())) {
      this.fields[id] = 'Must be a date and time.';
      return '';
    }
    const problem = check?.(d);
    if (problem) this.fields[id] = problem;
    return d.toISOString();
  }

  check(id: string, ok: boolean, message: string): void {
    if (!ok && !this.fields[id]) this.fields[id] = message;
  }

  done(): void {
    if (Object.keys(this.fields).length)
      fail('INVALID_INPUT', 'Please correct the highlighted fields.', this.fields);
  }
}
