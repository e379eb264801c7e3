import type { DataSource } from 'typeorm';
import { nameScore, nameTokens } from './similarity';

interface IndexedName {
  readonly partyId: string;
  readonly name: string;
  readonly primary: boolean;
  readonly tokens: string[];
}

export interface NameHit {
  readonly partyId: string;
  readonly score: number;
  readonly matchedName: string;
  readonly matchedOn: 'NAME' | 'ALIAS';
}

/**
 * Every listed name and alias, normalised once and kept in memory; rebuilt when a new
 * publication has been imported (checked with one cheap query per screening request).
 */
export class ScreeningIndex {
  private names: IndexedName[] = [];
  private version = -1;
  private building: Promise<void> | null = null;

  constructor(private readonly dataSource: DataSource) {}

  private async refresh(): Promise<void> {
    const [{ v }]: { v: number | null }[] = await this.dataSource.query(`SELECT max(id) AS v FROM list_publication`);
    const version = v ?? 0;
    if (version === this.version) {
      return;
    }
    this.building ??= (async () => {
      const rows: { party_id: string; name: string; primary: boolean }[] = await this.dataSource.query(
        `SELECT id AS party_id, name, true AS primary FROM party
         UNION ALL SELECT party_id, name, false FROM alias`,
      );
      this.names = rows.map(r => ({ partyId: r.party_id, name: r.name, primary: r.primary, tokens: nameTokens(r.name) }));
      this.version = version;
    })().finally(() => {
      this.building = null;
    });
    await this.building;
  }

  /** The best match per party at or above `minScore`, best first, at most `limit`. */
  async search(name: string, minScore: number, limit: number): Promise<NameHit[]> {
    await this.refresh();
    const q = nameTokens(name);
    const best = new Map<string, NameHit>();
    for (const n of this.names) {
      const score = nameScore(q, n.tokens);
      if (score < minScore) {
        continue;
      }
      const prev = best.get(n.partyId);
      if (!prev || score > prev.score || (score === prev.score && n.primary)) {
        best.set(n.partyId, { partyId: n.partyId, score, matchedName: n.name, matchedOn: n.primary ? 'NAME' : 'ALIAS' });
      }
    }
    return [...best.values()].sort((a, b) => b.score - a.score || a.partyId.localeCompare(b.partyId)).slice(0, limit);
  }
}
