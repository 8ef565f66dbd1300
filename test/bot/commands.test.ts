/** Typed text → command: mentions taken out wherever they are, any letter case, punctuation around (issue #17). */
import { strict as assert } from 'node:assert';
import { addressed, parseText } from '../../src/bot/commands';

const BOT = ['Escalate'];

describe('typed commands', () => {
  it('takes the bot’s mention out, wherever it is and however it is written', () => {
    const cases: [string, string[], string][] = [
      ['<at>Escalate</at> report', ['<at>Escalate</at>'], 'report'],
      ['my <at>Escalate</at> cases', ['<at>Escalate</at>'], 'my cases'],
      ['help <at>Escalate</at>', [], 'help'],
      ['<at> escalate </at>help', [], 'help'],
      ['@Escalate  help  ', [], 'help'],
      ['@ESCALATE, report.', [], ', report.'],
      ['report&nbsp;<at>Escalate</at>', ['<at>Escalate</at>'], 'report'],
      // a renamed bot: the mention text Teams sent is what is taken out
      ['<at>Escalate (pilot)</at> raise', ['<at>Escalate (pilot)</at>'], 'raise'],
    ];
    for (const [raw, mentions, text] of cases)
      assert.deepEqual(addressed(raw, BOT, mentions), { text, mentioned: true }, raw);
  });

  it('leaves other people’s mentions and words that only contain the name', () => {
    assert.deepEqual(addressed('ask <at>Jamie Reid</at> please', BOT, []), {
      text: 'ask @Jamie Reid please',
      mentioned: false,
    });
    assert.deepEqual(addressed('email help@escalate.example', BOT, []), {
      text: 'email help@escalate.example',
      mentioned: false,
    });
    assert.deepEqual(addressed('@Escalated help', BOT, []).mentioned, false);
  });

  it('reads commands in any letter case, with spaces and punctuation around them', () => {
    assert.deepEqual(parseText('  HELP?  '), { kind: 'help' });
    assert.deepEqual(parseText(', report.'), { kind: 'report', from: undefined, to: undefined });
    assert.deepEqual(parseText('Report 2026-01-01   2026-03-31'), {
      kind: 'report',
      from: '2026-01-01',
      to: '2026-03-31',
    });
    assert.deepEqual(parseText('My Cases!'), { kind: 'myCases' });
    assert.deepEqual(parseText('case csc/2026/5678.'), { kind: 'case', reference: 'csc/2026/5678' });
    assert.deepEqual(parseText('CASE  CSC/2026/5678 '), { kind: 'case', reference: 'CSC/2026/5678' });
  });

  it('tells "case" without a reference, and anything else, apart from a command', () => {
    assert.deepEqual(parseText('case'), { kind: 'caseUsage' });
    assert.deepEqual(parseText('Case?'), { kind: 'caseUsage' });
    assert.deepEqual(parseText('case for Lily please'), { kind: 'caseUsage' });
    assert.deepEqual(parseText('  what   can you do '), { kind: 'unknown', text: 'what can you do' });
    assert.deepEqual(parseText('cases please'), { kind: 'unknown', text: 'cases please' });
  });
});
