import { MigrationInterface, QueryRunner } from 'typeorm';

// The case list's search: a tsvector of each case's offender name and numbers, with a GIN index,
// kept in step with the cases by triggers, so in the transaction of every write; and the status
// filter's indexes, on each side of a state's cases, in the list's default order.
//
// Accents are folded by translate() in a function of this schema, not by the unaccent extension:
// an extension is one per database, while a deployment (and each test suite) lives in a schema of
// its own that may be dropped with everything in it.
const ACCENTED = 'ÀÁÂÃÄÅàáâãäåĀāĂăĄąÇçĆćĈĉĊċČčĎďĐđÈÉÊËèéêëĒēĔĕĖėĘęĚěĜĝĞğĠġĢģĤĥĦħÌÍÎÏìíîïĨĩĪīĬĭĮįİıĴĵĶķĹĺĻļĽľĿŀŁłÑñŃńŅņŇňÒÓÔÕÖØòóôõöøŌōŎŏŐőŔŕŖŗŘřŚśŜŝŞşŠšŢţŤťŦŧÙÚÛÜùúûüŨũŪūŬŭŮůŰűŲųŴŵÝýÿŶŷŸŹźŻżŽž';
const PLAIN = 'aaaaaaaaaaaaaaaaaaccccccccccddddeeeeeeeeeeeeeeeeeegggggggghhhhiiiiiiiiiiiiiiiiiijjkkllllllllllnnnnnnnnoooooooooooooooooorrrrrrssssssssttttttuuuuuuuuuuuuuuuuuuuuwwyyyyyyzzzzzz';

export class CaseSearch1796000000000 implements MigrationInterface {
    name = 'CaseSearch1796000000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        // The words of a text, folded: lower case, no accents, split at anything but a letter or digit.
        await queryRunner.query(`CREATE FUNCTION "case_search_words"(t text) RETURNS text[] LANGUAGE sql IMMUTABLE AS $$
            SELECT array_remove(regexp_split_to_array(lower(translate(COALESCE(t, ''), '${ACCENTED}', '${PLAIN}')), '[^[:alnum:]]+'), '')
        $$`);
        // A case number or an offender number as one word, without the separators it may be written
        // with (NUMBER_SEPARATORS of case-search.ts).
        await queryRunner.query(`CREATE FUNCTION "case_search_number"(t text) RETURNS text[] LANGUAGE sql IMMUTABLE AS $$
            SELECT case_search_words(translate(t, '-./_', ''))
        $$`);
        // A word as a lexeme written out in a tsvector or a tsquery: quoted, never parsed.
        await queryRunner.query(`CREATE FUNCTION "case_search_lexeme"(w text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
            SELECT '''' || replace(replace(w, '\\', '\\\\'), '''', '''''') || ''''
        $$`);
        // The lexemes with their positions and weights, the name's D and the numbers' A (as FTS5's
        // columns on SQLite): the query below is made of the same words. Each field's positions start
        // far from the others', so that a phrase stays within one field.
        await queryRunner.query(`CREATE FUNCTION "case_search_document"(name text, case_number text, offender_id text) RETURNS tsvector LANGUAGE sql IMMUTABLE AS $$
            SELECT COALESCE(string_agg(case_search_lexeme(w) || ':' || pos, ' '), '')::tsvector FROM (
                SELECT w, n || 'D' AS pos FROM unnest(case_search_words(name)) WITH ORDINALITY u(w, n)
                UNION ALL SELECT w, (1000 + n) || 'A' FROM unnest(case_search_number(case_number)) WITH ORDINALITY u(w, n)
                UNION ALL SELECT w, (2000 + n) || 'A' FROM unnest(case_search_number(offender_id)) WITH ORDINALITY u(w, n)
            ) words
        $$`);
        // Words as a phrase of the field of `weight`, whose last word may be the start of one.
        await queryRunner.query(`CREATE FUNCTION "case_search_phrase"(ws text[], weight text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
            SELECT '(' || string_agg(case_search_lexeme(w) || ':' || CASE WHEN n = cardinality(ws) THEN '*' ELSE '' END || weight, ' <-> ' ORDER BY n) || ')'
            FROM unnest(ws) WITH ORDINALITY u(w, n)
        $$`);
        // What a person typed, as a query: every piece between white space must match, as a phrase of
        // the name or as the start of a number (case-search.ts). Null when nothing in it is a word: no case matches.
        await queryRunner.query(`CREATE FUNCTION "case_search_query"(q text) RETURNS tsquery LANGUAGE sql IMMUTABLE AS $$
            SELECT string_agg('(' || case_search_phrase(ws, 'D') || ' | ' || case_search_phrase(case_search_number(piece), 'A') || ')', ' & ')::tsquery
            FROM (SELECT piece, case_search_words(piece) AS ws FROM regexp_split_to_table(COALESCE(q, ''), '\\s+') piece) pieces
            WHERE cardinality(ws) > 0
        $$`);
        await queryRunner.query(`CREATE TABLE "case_search" ("case_id" character varying(36) NOT NULL, "document" tsvector NOT NULL, CONSTRAINT "PK_case_search" PRIMARY KEY ("case_id"))`);
        await queryRunner.query(`INSERT INTO "case_search" ("case_id", "document") SELECT "id", case_search_document("offender_name", "case_number", "offender_id") FROM "cases"`);
        await queryRunner.query(`CREATE INDEX "idx_case_search_document" ON "case_search" USING GIN ("document")`);
        await queryRunner.query(`CREATE FUNCTION "case_search_sync"() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
            IF TG_OP <> 'INSERT' THEN DELETE FROM "case_search" WHERE "case_id" = OLD."id"; END IF;
            IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
            INSERT INTO "case_search" ("case_id", "document") VALUES (NEW."id", case_search_document(NEW."offender_name", NEW."case_number", NEW."offender_id"));
            RETURN NEW;
        END $$`);
        await queryRunner.query(`CREATE TRIGGER "case_search_insert" AFTER INSERT ON "cases" FOR EACH ROW EXECUTE FUNCTION "case_search_sync"()`);
        await queryRunner.query(`CREATE TRIGGER "case_search_update" AFTER UPDATE OF "offender_name", "case_number", "offender_id", "id" ON "cases" FOR EACH ROW
            WHEN (OLD."offender_name" IS DISTINCT FROM NEW."offender_name" OR OLD."case_number" IS DISTINCT FROM NEW."case_number" OR OLD."offender_id" IS DISTINCT FROM NEW."offender_id" OR OLD."id" IS DISTINCT FROM NEW."id")
            EXECUTE FUNCTION "case_search_sync"()`);
        await queryRunner.query(`CREATE TRIGGER "case_search_delete" AFTER DELETE ON "cases" FOR EACH ROW EXECUTE FUNCTION "case_search_sync"()`);
        await queryRunner.query(`CREATE INDEX "idx_cases_sending_status_updated" ON "cases" ("sending_state", "status", "updated_at", "id") `);
        await queryRunner.query(`CREATE INDEX "idx_cases_receiving_status_updated" ON "cases" ("receiving_state", "status", "updated_at", "id") WHERE "transmitted_at" IS NOT NULL`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "idx_cases_receiving_status_updated"`);
        await queryRunner.query(`DROP INDEX "idx_cases_sending_status_updated"`);
        await queryRunner.query(`DROP TRIGGER "case_search_delete" ON "cases"`);
        await queryRunner.query(`DROP TRIGGER "case_search_update" ON "cases"`);
        await queryRunner.query(`DROP TRIGGER "case_search_insert" ON "cases"`);
        await queryRunner.query(`DROP FUNCTION "case_search_sync"()`);
        await queryRunner.query(`DROP TABLE "case_search"`);
        await queryRunner.query(`DROP FUNCTION "case_search_query"(text)`);
        await queryRunner.query(`DROP FUNCTION "case_search_phrase"(text[], text)`);
        await queryRunner.query(`DROP FUNCTION "case_search_document"(text, text, text)`);
        await queryRunner.query(`DROP FUNCTION "case_search_lexeme"(text)`);
        await queryRunner.query(`DROP FUNCTION "case_search_number"(text)`);
        await queryRunner.query(`DROP FUNCTION "case_search_words"(text)`);
    }
}
