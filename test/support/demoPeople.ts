/** Ids of people in the demo directory (src/demo/directory.json), by role. */
const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
export const DEMO = {
  cscDirector: id(1),
  cscHead: id(2),
  cscSenior: id(3),
  cscManager: id(4),
  priya: id(5), // CSC practitioner
  healthDirector: id(6),
  healthHead: id(7),
  healthSenior: id(8),
  healthManager: id(9),
  jamie: id(10), // health practitioner
  policeManager: id(14),
  sam: id(15), // police practitioner
  ellie: id(16), // second CSC practitioner
  grace: id(17), // business office
  owen: id(18), // business office
  lead: id(19), // strategic lead
  chair: id(20), // Independent Chair
};
export const BO_CHANNEL = '19:business-office@thread.tacv2';
