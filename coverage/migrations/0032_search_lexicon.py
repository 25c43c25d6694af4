"""Every lexeme of the search vectors, so that a prefix is searched as its words.

A search's last word is also matched as a prefix (``maibi:*``). GIN collects a
prefix's matches whole, from every entry it covers, before ANDing them with the
other words: a common word's prefix read 87,000 matches (20-30 ms at a million
corrections) where the exact word, one entry among the others, is skipped through
in 2 ms. ``coverage_searchlexeme`` holds each lexeme the vectors of articles,
corrections and claims have held, filled by a trigger after each vector is
written; ``coverage_prefix_query`` turns a prefix into the OR of the lexemes it
begins (``'maibi' | 'maibiro'``), and keeps ``word:*`` when it begins none or more
than 50, or is no single lexeme. The OR matches the rows ``word:*`` matches.

Rows are only added, never removed: a lexeme no longer in any vector is one more
entry the OR finds empty. No unique constraint either, so that two imports adding
the same new word never wait for each other (nor deadlock): the function reads
the lexemes DISTINCT.
"""

from django.db import migrations

TABLES = ["coverage_article", "coverage_correction", "coverage_claim"]
MAX_WORDS = 50

ADD_LEXEMES = """
CREATE OR REPLACE FUNCTION coverage_search_lexemes() RETURNS trigger AS $$ BEGIN
  INSERT INTO coverage_searchlexeme (lexeme)
  SELECT new_lexeme FROM unnest(tsvector_to_array(NEW.search_vector)) AS new_lexeme
  WHERE NOT EXISTS (
    SELECT 1 FROM coverage_searchlexeme WHERE lexeme = new_lexeme
  );
  RETURN NULL;
END $$ LANGUAGE plpgsql
"""

# A range on the C-collated index, then starts_with() for the exact test.
PREFIX_QUERY = f"""
CREATE OR REPLACE FUNCTION coverage_prefix_query(config regconfig, word text)
RETURNS tsquery AS $$
DECLARE
  stems text[] := tsvector_to_array(to_tsvector(config, word));
  found text[];
BEGIN
  IF cardinality(stems) = 1 THEN
    SELECT array_agg(lexeme) INTO found FROM (
      SELECT DISTINCT lexeme FROM coverage_searchlexeme
      WHERE lexeme >= stems[1] AND lexeme < stems[1] || chr(1114111)
        AND starts_with(lexeme, stems[1])
      LIMIT {MAX_WORDS + 1}
    ) AS begun;
    IF cardinality(found) BETWEEN 1 AND {MAX_WORDS} THEN
      RETURN array_to_string(ARRAY(
        SELECT '''' || replace(replace(f, '\\', '\\\\'), '''', '''''') || ''''
        FROM unnest(found) AS f
      ), ' | ')::tsquery;
    END IF;
  END IF;
  RETURN to_tsquery(config, word || ':*');
END $$ LANGUAGE plpgsql STABLE PARALLEL SAFE
"""


def create_lexicon(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    run = schema_editor.execute
    run('CREATE TABLE coverage_searchlexeme (lexeme text COLLATE "C" NOT NULL)')
    vectors = " UNION ALL ".join(
        f"SELECT search_vector FROM {table} WHERE search_vector IS NOT NULL"
        for table in TABLES
    )
    run(
        "INSERT INTO coverage_searchlexeme (lexeme) "
        f"SELECT DISTINCT unnest(tsvector_to_array(search_vector)) FROM ({vectors}) v"
    )
    run("CREATE INDEX coverage_searchlexeme_lexeme ON coverage_searchlexeme (lexeme)")
    run(ADD_LEXEMES)
    for table in TABLES:
        run(
            f"CREATE TRIGGER {table}_lexemes AFTER INSERT ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION coverage_search_lexemes()"
        )
        run(
            f"CREATE TRIGGER {table}_changed_lexemes AFTER UPDATE ON {table} "
            "FOR EACH ROW WHEN (NEW.search_vector IS DISTINCT FROM OLD.search_vector) "
            "EXECUTE FUNCTION coverage_search_lexemes()"
        )
    run(PREFIX_QUERY)
    run("ANALYZE coverage_searchlexeme")


def drop_lexicon(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    run = schema_editor.execute
    for table in TABLES:
        run(f"DROP TRIGGER IF EXISTS {table}_lexemes ON {table}")
        run(f"DROP TRIGGER IF EXISTS {table}_changed_lexemes ON {table}")
    run("DROP FUNCTION IF EXISTS coverage_search_lexemes()")
    run("DROP FUNCTION IF EXISTS coverage_prefix_query(regconfig, text)")
    run("DROP TABLE IF EXISTS coverage_searchlexeme")


class Migration(migrations.Migration):
    dependencies = [
        ("coverage", "0031_published_claims_search_index"),
    ]

    operations = [migrations.RunPython(create_lexicon, drop_lexicon)]
