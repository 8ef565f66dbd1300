/** Themes are a list (DESIGN.md §8, issue "How disagreements really get resolved" point 10): given/when/then. */
import { strict as assert } from 'node:assert';
import { directoryCsv, parseDirectoryCsv } from '../../src/app/directoryCsv';
import { DEFAULT_THEMES, themeLabel, themesOf, type Directory } from '../../src/domain/directory';
import { builtinProcedure } from '../../src/domain/procedure/builtin';
import { testDirectory } from '../support/directory';
import { Journey, raiseCommand } from '../support/journey';

const MON = '2026-12-07T10:00:00.000Z';
const withThemes = (d: Directory, themes: { id: string; label: string }[]): Directory => ({
  ...d,
  partnership: { ...d.partnership, themes },
});

describe('themes are the partnership’s list', () => {
  for (const id of ['conflict-resolution-flowchart', 'bscp-escalation-procedure']) {
    const P = builtinProcedure(id)!;

    it(`${id}: a raise names a theme from the list; free text is refused on the theme field`, () => {
      const ok = new Journey(P, testDirectory());
      ok.when('csc-practitioner', raiseCommand(P.id, { theme: 'information-sharing' }), MON);
      assert.equal(ok.case.theme, 'information-sharing');
      const refused = new Journey(P, testDirectory()).refused(
        'csc-practitioner',
        raiseCommand(P.id, { theme: 'The GP would not share records for Lily Brown' }),
        MON,
        'INVALID_INPUT',
      );
      assert.match(refused.fields?.theme ?? '', /Choose what the disagreement is about from the list/);
    });
  }

  it('a partnership’s own list replaces the default one', () => {
    const P = builtinProcedure('bscp-escalation-procedure')!;
    const dir = withThemes(testDirectory(), [{ id: 'neglect', label: 'Neglect thresholds' }]);
    assert.deepEqual(themesOf(dir), [{ id: 'neglect', label: 'Neglect thresholds' }]);
    new Journey(P, dir).refused(
      'csc-practitioner',
      raiseCommand(P.id, { theme: 'threshold' }),
      MON,
      'INVALID_INPUT',
    );
    const j = new Journey(P, dir);
    j.when('csc-practitioner', raiseCommand(P.id, { theme: 'neglect' }), MON);
    assert.equal(themeLabel(dir, j.case.theme), 'Neglect thresholds');
  });

  it('with no list the default six apply, "Other" last', () => {
    assert.deepEqual(themesOf(testDirectory()), DEFAULT_THEMES);
    assert.deepEqual(
      DEFAULT_THEMES.map((t) => t.id),
      ['threshold', 'plan-not-followed', 'information-sharing', 'attendance', 'communication', 'other'],
    );
  });

  it('a theme stored as free text before themes were a list reads as "Other: …" in 1:1 views and as "Other" in counts', () => {
    const dir = testDirectory();
    assert.equal(
      themeLabel(dir, 'Threshold for a strategy discussion'),
      'Other: Threshold for a strategy discussion',
    );
    assert.equal(themeLabel(dir, 'Threshold for a strategy discussion', true), 'Other');
    assert.equal(themeLabel(dir, 'threshold', true), 'Threshold for intervention');
  });

  it('the list travels with the directory CSV, in order', () => {
    const themes = [
      { id: 'neglect', label: 'Neglect thresholds' },
      { id: 'other', label: 'Something else' },
    ];
    const dir = withThemes(testDirectory(), themes);
    const back = parseDirectoryCsv(directoryCsv(dir));
    assert.ok(back.ok, back.ok ? '' : back.errors.join('\n'));
    assert.deepEqual(back.ok && back.directory.partnership.themes, themes);
  });
});
