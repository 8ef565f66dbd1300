/** How a case side is named on a card: its agency, and for the receiving side of a disagreement inside one agency, which side. */
import { findAgency, SAME_AGENCY_MARK, type Directory } from '../../domain/directory';
import { literal } from './literal';

const SUFFIX = ' (receiving side)';

/** Plain text, for choice titles. */
export function sideName(dir: Directory, side: string): string {
  const name = findAgency(dir, side)?.name ?? side;
  return side.endsWith(SAME_AGENCY_MARK) ? `${name}${SUFFIX}` : name;
}

/** For text shown as markdown: the agency's name kept literal, then which side. */
export function sideText(dir: Directory, side: string): string {
  const name = literal(findAgency(dir, side)?.name ?? side);
  return side.endsWith(SAME_AGENCY_MARK) ? `${name}${SUFFIX}` : name;
}
