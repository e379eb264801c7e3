import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * History of party entries: every version of a party as a publication stated it, so that a
 * changed party keeps its earlier version and `asOf` answers can show it; and the date each
 * listed crypto address first appeared. Backfills both from the data already imported.
 */
export class EntitiesPartyVersions1732700000000 implements MigrationInterface {
  name = 'EntitiesPartyVersions1732700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE party_version (
        id serial PRIMARY KEY,
        party_id text NOT NULL REFERENCES party (id),
        valid_from date NOT NULL,
        valid_to date,
        publication_id integer NOT NULL REFERENCES list_publication (id),
        content_hash text NOT NULL,
        snapshot jsonb NOT NULL,
        CHECK (valid_to IS NULL OR valid_to >= valid_from)
      )`);
    await q.query(`CREATE INDEX party_version_party ON party_version (party_id, valid_from)`);
    await q.query(`CREATE UNIQUE INDEX party_version_current ON party_version (party_id) WHERE valid_to IS NULL`);
    await q.query(`ALTER TABLE crypto_address ADD COLUMN listed_on date`);
    await q.query(`
      UPDATE crypto_address c SET listed_on = d.first
        FROM (SELECT party_id, min(listed_on) AS first FROM designation GROUP BY party_id) d
       WHERE d.party_id = c.party_id`);
    // The current entry of every party becomes its first recorded version.
    await q.query(`
      INSERT INTO party_version (party_id, valid_from, publication_id, content_hash, snapshot)
      SELECT p.id, lp.published_on, p.publication_id, p.content_hash,
             jsonb_build_object(
               'name', p.name, 'kind', p.kind, 'title', p.title, 'remarks', p.remarks,
               'datesOfBirth', to_jsonb(p.dates_of_birth), 'placesOfBirth', to_jsonb(p.places_of_birth),
               'nationalities', to_jsonb(p.nationalities), 'citizenships', to_jsonb(p.citizenships), 'gender', p.gender,
               'aliases', (SELECT coalesce(jsonb_agg(jsonb_build_object('name', a.name, 'type', a.type, 'strength', a.strength) ORDER BY a.id), '[]') FROM alias a WHERE a.party_id = p.id),
               'postalAddresses', (SELECT coalesce(jsonb_agg(jsonb_build_object('address', x.address, 'cityStateProvincePostalCode', x.city_state_province_postal_code, 'country', x.country) ORDER BY x.id), '[]') FROM postal_address x WHERE x.party_id = p.id),
               'identityDocuments', (SELECT coalesce(jsonb_agg(jsonb_build_object('type', d.type, 'number', d.number, 'country', d.country, 'details', d.details) ORDER BY d.id), '[]') FROM identity_document d WHERE d.party_id = p.id),
               'cryptoAddresses', (SELECT coalesce(jsonb_agg(jsonb_build_object('asset', c.asset, 'listedAs', c.listed_as, 'chain', c.chain, 'address', c.address, 'valid', c.valid, 'matchesAssetCode', c.matches_asset_code) ORDER BY c.id), '[]') FROM crypto_address c WHERE c.party_id = p.id),
               'linkedTo', (SELECT coalesce(jsonb_agg(l.linked_name ORDER BY l.id), '[]') FROM party_link l WHERE l.party_id = p.id))
        FROM party p JOIN list_publication lp ON lp.id = p.publication_id`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE crypto_address DROP COLUMN listed_on`);
    await q.query(`DROP TABLE party_version`);
  }
}
