/**
 * Real OFAC entries for the demo data set, stated as facts: the rows of OFAC's legacy CSV files
 * for Lazarus Group (ent_num 27307, DPRK3) and the five designations of the 2023-05-23 DPRK action
 * (43336, 43337, 43338, 43379: DPRK2; 43377 KIM, Sang Man: DPRK4), copied byte for byte from
 * OFAC's published files (U.S. Government works, public domain):
 * - sdn.csv as published on 2023-05-19 and 2023-05-23 (scrape in jackdwyer/specially-designated-nationals-list);
 * - add.csv, alt.csv and sdn_comments.csv of about January 2025 (moov-io/watchman testdata).
 * The demo imports them through the same importer as any OFAC file, as two publications, so the
 * history (KIM, Sang Man absent on 2023-05-19, listed on 2023-05-23) is real too.
 */

/** sdn.csv rows of the 2023-05-19 publication (Lazarus Group only; the five were not yet listed). */
export const SDN_2023_05_19: readonly string[] = [
  "27307,\"LAZARUS GROUP\",-0- ,\"DPRK3\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,\"Digital Currency Address - ETH 0x098B716B8Aaf21512996dC57EB0615e2383E2f96; alt. Digital Currency Address - ETH 0xa0e1c89Ef1a489c9C7dE96311eD5Ce5D32c20E4B; alt. Digital Currency Address - ETH 0x3Cffd56B47B7b41c56258D9C7731ABaDc360E073; alt. Digital Currency Address - ETH 0x53b6936513e738f44FB50d2b9476730C0Ab3Bfc1; alt. Digital Currency Address - ETH 0x35fB6f6DB4fb05e6A4cE86f2C93691425626d4b1; alt. Digital Currency Address - ETH 0xF7B31119c2682c88d88D455dBb9d5932c65Cf1bE; alt. Digital Currency Address - ETH 0x3e37627dEAA754090fBFbb8bd226c1CE66D255e9; alt. Digital Currency Address - ETH 0x08723392Ed15743cc38513C4925f5e6be5c17243; Secondary sanctions risk: North Korea Sanctions Regulations, sections 510.201 and 510.210; Transactions Prohibited For Persons Owned or Controlled By U.S. Financial Institutions: North Korea Sanctions Regulations section 510.214; a.k.a. 'HIDDEN COBRA'; a.k.a. 'OFFICE 91'; a.k.a. 'GUARDIANS OF PEACE'; a.k.a. 'THE NEW ROMANTIC CYBER ARMY TEAM'; a.k.a. 'WHOIS HACKIN\"",
];

/** sdn.csv rows of the 2023-05-23 publication. */
export const SDN_2023_05_23: readonly string[] = [
  "27307,\"LAZARUS GROUP\",-0- ,\"DPRK3\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,\"Digital Currency Address - ETH 0x098B716B8Aaf21512996dC57EB0615e2383E2f96; alt. Digital Currency Address - ETH 0xa0e1c89Ef1a489c9C7dE96311eD5Ce5D32c20E4B; alt. Digital Currency Address - ETH 0x3Cffd56B47B7b41c56258D9C7731ABaDc360E073; alt. Digital Currency Address - ETH 0x53b6936513e738f44FB50d2b9476730C0Ab3Bfc1; alt. Digital Currency Address - ETH 0x35fB6f6DB4fb05e6A4cE86f2C93691425626d4b1; alt. Digital Currency Address - ETH 0xF7B31119c2682c88d88D455dBb9d5932c65Cf1bE; alt. Digital Currency Address - ETH 0x3e37627dEAA754090fBFbb8bd226c1CE66D255e9; alt. Digital Currency Address - ETH 0x08723392Ed15743cc38513C4925f5e6be5c17243; Secondary sanctions risk: North Korea Sanctions Regulations, sections 510.201 and 510.210; Transactions Prohibited For Persons Owned or Controlled By U.S. Financial Institutions: North Korea Sanctions Regulations section 510.214; a.k.a. 'HIDDEN COBRA'; a.k.a. 'OFFICE 91'; a.k.a. 'GUARDIANS OF PEACE'; a.k.a. 'THE NEW ROMANTIC CYBER ARMY TEAM'; a.k.a. 'WHOIS HACKIN\"",
  "43336,\"PYONGYANG UNIVERSITY OF AUTOMATION\",-0- ,\"DPRK2\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,\"Secondary sanctions risk: North Korea Sanctions Regulations, sections 510.201 and 510.210; Transactions Prohibited For Persons Owned or Controlled By U.S. Financial Institutions: North Korea Sanctions Regulations section 510.214; Organization Established Date 1981; Target Type Government Entity.\"",
  "43337,\"TECHNICAL RECONNAISSANCE BUREAU\",-0- ,\"DPRK2\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,\"Secondary sanctions risk: North Korea Sanctions Regulations, sections 510.201 and 510.210; Transactions Prohibited For Persons Owned or Controlled By U.S. Financial Institutions: North Korea Sanctions Regulations section 510.214; Target Type Government Entity; a.k.a. 'THIRD BUREAU'.\"",
  "43338,\"110TH RESEARCH CENTER\",-0- ,\"DPRK2\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,\"Secondary sanctions risk: North Korea Sanctions Regulations, sections 510.201 and 510.210; Transactions Prohibited For Persons Owned or Controlled By U.S. Financial Institutions: North Korea Sanctions Regulations section 510.214; Target Type Government Entity; a.k.a. 'LAB 110'; a.k.a. 'UNIT 110'.\"",
  "43377,\"KIM, Sang Man\",\"individual\",\"DPRK4\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,\"DOB 25 Apr 1965; POB North Pyongan Province, North Korea; nationality Korea, North; Gender Male; Digital Currency Address - XBT 1D6gG9iKEhPitTcWRJiniuj1jYM2hNeAfJ; alt. Digital Currency Address - XBT 1FCNgfZWpYMeYhy9t18AAkTBu8AsdoAc1Z; Digital Currency Address - ETH 0x97b1043abd9e6fc31681635166d430a458d14f9c; alt. Digital Currency Address - ETH 0xb6f5ec1a0a9cd1526536d3f0426c429529471f40; Secondary sanctions risk: North Korea Sanctions Regulations, sections 510.201 and 510.210; Transactions Prohibited For Persons Owned or Controlled By U.S. Financial Institutions: North Korea Sanctions Regulations section 510.214; Digital Currency Address - USDT 0xb6f5ec1a0a9cd1526536d3f0426c429529471f40; Digital Currency Address - USDC 0xb6f5ec1a0a9cd1526536d3f0426c429529471f40; Passport 109420132 (Korea, North) issued 16 Oct 2019 expires 16 Oct 2024; alt. Passport 827220538 (Korea, North); alt. Passport 563220082 (Korea, North).\"",
  "43379,\"CHINYONG INFORMATION TECHNOLOGY COOPERATION COMPANY\",-0- ,\"DPRK2\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,\"Secondary sanctions risk: North Korea Sanctions Regulations, sections 510.201 and 510.210; Transactions Prohibited For Persons Owned or Controlled By U.S. Financial Institutions: North Korea Sanctions Regulations section 510.214; Organization Type: Other information technology and computer service activities.\"",
];

/** add.csv rows of these parties. */
export const ADD_ROWS: readonly string[] = [
  "27307,41656,\"Potonggang District\",\"Pyongyang\",\"Korea, North\",-0- ",
  "43336,64684,-0- ,\"Pyongyang\",\"Korea, North\",-0- ",
  "43337,64686,-0- ,-0- ,\"Korea, North\",-0- ",
  "43338,64688,-0- ,\"Pyongyang\",\"Korea, North\",-0- ",
  "43338,64689,-0- ,\"Shenyang\",\"China\",-0- ",
  "43377,64806,-0- ,-0- ,\"Russia\",-0- ",
  "43377,64807,-0- ,-0- ,\"Korea, North\",-0- ",
  "43379,64729,-0- ,-0- ,\"Korea, North\",-0- ",
];

/** alt.csv rows of these parties. */
export const ALT_ROWS: readonly string[] = [
  "43336,67187,\"aka\",\"UNIVERSITY OF AUTOMATION\",-0- ",
  "43336,67188,\"aka\",\"MIRIM COLLEGE\",-0- ",
  "43336,67189,\"aka\",\"MIRIM UNIVERSITY\",-0- ",
  "43336,67190,\"aka\",\"MILITARY CAMP 144 OF THE KOREAN PEOPLE'S ARMY\",-0- ",
  "43336,67191,\"aka\",\"KIM IL-SUNG UNIVERSITY AUTOMATION UNIVERSITY\",-0- ",
  "43336,67192,\"aka\",\"KIM IL SUNG MILITARY UNIVERSITY\",-0- ",
  "43336,67193,\"aka\",\"COMMAND AUTOMATION COLLEGE OF THE CHOSUN PEOPLE'S ARMY\",-0- ",
  "43336,67203,\"aka\",\"KIM IL MILITARY UNIVERSITY\",-0- ",
  "43336,67204,\"aka\",\"KIM IL POLITICAL MILITARY UNIVERSITY\",-0- ",
  "43336,67287,\"aka\",\"NO. 144 MILITARY CAMP OF THE CHOSUN PEOPLE'S ARMY\",-0- ",
  "43337,67196,\"aka\",\"3RD BUREAU OF THE RGB\",-0- ",
  "43337,67197,\"aka\",\"3RD TECHNICAL SURVEILLANCE BUREAU\",-0- ",
  "43337,67198,\"aka\",\"3RD DEPARTMENT SIGNAL INTELLIGENCE\",-0- ",
  "43337,67199,\"aka\",\"TECHNICAL RECONNAISSANCE TEAM\",-0- ",
  "43377,67286,\"aka\",\"KIM, Sangman\",-0- ",
  "43379,67306,\"aka\",\"JINYONG IT COOPERATION COMPANY\",-0- ",
];

/** sdn_comments.csv rows: the continuation of remarks that sdn.csv cuts at 1000 characters. */
export const COMMENTS_ROWS: readonly string[] = [
  "27307,\"G TEAM'; a.k.a. 'RED DOT'; a.k.a. 'TEMP.HERMIT'; a.k.a. 'GROUP 77'; a.k.a. 'ZINC'; a.k.a. 'APT-C-26'; a.k.a. 'APPLEWORM'.\"",
];

/** Joins rows into a file exactly as OFAC publishes one: CRLF line ends and a final 0x1A byte. */
export function asOfacFile(rows: readonly string[]): string {
  return rows.map(r => r + '\r\n').join('') + '\x1a';
}
