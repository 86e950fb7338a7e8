import { MigrationError } from './migration.error';
import {
  type MigrationFile,
  migrationChecksum,
  parseMigrationFileName,
  planMigrations,
  toMigrationFiles,
} from './migration-plan';

function migration(fileName: string, sql = `-- ${fileName}`): MigrationFile {
  return toMigrationFiles([{ fileName, sql }])[0];
}

describe(parseMigrationFileName.name, () => {
  it.each([
    ['0001_processed_events.sql', { version: 1, name: 'processed_events' }],
    ['0042_alerts.sql', { version: 42, name: 'alerts' }],
    ['0100_v2_outbox.sql', { version: 100, name: 'v2_outbox' }],
  ])('reads %s', (fileName, expected) => {
    expect(parseMigrationFileName(fileName)).toEqual(expected);
  });

  it.each([
    '1_alerts.sql',
    '0001-alerts.sql',
    '0001_Alerts.sql',
    '0001_.sql',
    '0001_alerts__x.sql',
    '0001_alerts.SQL',
  ])('rejects %s', (fileName) => {
    expect(parseMigrationFileName(fileName)).toBeUndefined();
  });
});

describe(migrationChecksum.name, () => {
  it('ignores line-ending style', () => {
    expect(migrationChecksum('SELECT 1;\r\nSELECT 2;\r\n')).toBe(migrationChecksum('SELECT 1;\nSELECT 2;\n'));
  });

  it('changes with the content', () => {
    expect(migrationChecksum('SELECT 1;')).not.toBe(migrationChecksum('SELECT 2;'));
  });
});

describe(toMigrationFiles.name, () => {
  it('orders by version', () => {
    const sut = toMigrationFiles([
      { fileName: '0010_b.sql', sql: '' },
      { fileName: '0002_a.sql', sql: '' },
    ]);

    expect(sut.map((file) => file.fileName)).toEqual(['0002_a.sql', '0010_b.sql']);
  });

  it('rejects a badly named file', () => {
    expect(() => toMigrationFiles([{ fileName: 'alerts.sql', sql: '' }])).toThrow(
      new MigrationError(
        'alerts.sql: a migration file is named NNNN_lower_snake_name.sql (e.g. 0002_alerts.sql)',
      ),
    );
  });

  it('rejects two files with one version', () => {
    expect(() =>
      toMigrationFiles([
        { fileName: '0002_alerts.sql', sql: '' },
        { fileName: '0002_users.sql', sql: '' },
      ]),
    ).toThrow('0002_users.sql and 0002_alerts.sql share version 2');
  });
});

describe(planMigrations.name, () => {
  const first = migration('0001_processed_events.sql');
  const second = migration('0002_alerts.sql');
  const third = migration('0003_outbox.sql');
  const row = (file: MigrationFile) => ({ version: file.version, name: file.name, checksum: file.checksum });

  it('returns every migration for an empty database', () => {
    expect(planMigrations([first, second], [])).toEqual([first, second]);
  });

  it('returns only the pending ones', () => {
    expect(planMigrations([first, second, third], [row(first), row(second)])).toEqual([third]);
  });

  it('returns nothing when all are applied', () => {
    expect(planMigrations([first, second], [row(first), row(second)])).toEqual([]);
  });

  it('applies a late-arriving lower version too', () => {
    expect(planMigrations([first, second, third], [row(first), row(third)])).toEqual([second]);
  });

  it('refuses when an applied migration was edited', () => {
    const edited = migration('0002_alerts.sql', 'CREATE TABLE changed ();');

    expect(() => planMigrations([first, edited], [row(first), row(second)])).toThrow(
      /^0002_alerts\.sql changed after it was applied \(checksum [0-9a-f]{12}… in the database, [0-9a-f]{12}… on disk\)/,
    );
  });

  it('refuses when the database has a migration this build lacks', () => {
    expect(() => planMigrations([first], [row(first), row(second)])).toThrow(
      'the database has migration 0002_alerts, which this build does not have; run a build that includes it',
    );
  });
});
