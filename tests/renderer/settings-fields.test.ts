import { describe, expect, it } from 'vitest';
import { defaultSettings, settingsPatchSchema } from '../../src/shared/settings.js';
import { changedFields, draftProblems, FIELDS, fieldProblem, parseGainLines, parseTypeMapLines, toDraft, toPatch } from '../../src/renderer/src/settings/fields.js';

const spec = (id: string) => FIELDS.find((f) => f.id === id)!;

describe('settings fields', () => {
  it('the default settings make a draft without problems and a patch the schema accepts', () => {
    const draft = toDraft(defaultSettings());
    expect(draftProblems(draft)).toEqual({});
    const patch = toPatch(draft);
    expect(settingsPatchSchema.parse(patch)).toEqual(patch);
    expect(changedFields(draft, defaultSettings())).toEqual([]);
  });

  it('every field edits a setting the schema has', () => {
    const s = defaultSettings() as unknown as Record<string, Record<string, unknown>>;
    for (const f of FIELDS) expect(s[f.section], f.id).toHaveProperty(f.key);
  });

  it('keeps index folders one per line, spaces and commas in a path included, and checks the solve time limit', () => {
    const draft = toDraft(defaultSettings());
    expect(String(draft.indexDirs).split('\n')).toContain('~/Library/Application Support/Astrometry');
    const patch = toPatch({ ...draft, indexDirs: ' /data/index, 4100 \n\n~/Astro Data/5200\n', solveTimeLimit: '90' });
    expect(patch.solve).toMatchObject({ indexDirs: ['/data/index, 4100', '~/Astro Data/5200'], timeLimitS: 90 });
    expect(fieldProblem(spec('solveTimeLimit'), '0')).toBe('Solve time limit must be at least 1 (got "0")');
    expect(fieldProblem(spec('indexDirs'), '')).toBeNull();
  });

  it('names the field in words and says what is wrong', () => {
    expect(fieldProblem(spec('thresh'), '-2')).toBe('Detection threshold must be more than 0 (got "-2")');
    expect(fieldProblem(spec('thresh'), 'abc')).toBe('Detection threshold must be a number (got "abc")');
    expect(fieldProblem(spec('thresh'), '')).toBe('Detection threshold is empty: type a number');
    expect(fieldProblem(spec('threads'), '2.5')).toBe('Worker threads must be a whole number (got "2.5")');
    expect(fieldProblem(spec('threads'), '300')).toBe('Worker threads must be at most 256 (got "300")');
    expect(fieldProblem(spec('threads'), '')).toBeNull();
    expect(fieldProblem(spec('target-lat'), '-91')).toBe('Latitude must be at least -90 (got "-91")');
    expect(fieldProblem(spec('apertures'), '3, 0')).toBe('Aperture radii value 2 must be more than 0 (got "3, 0")');
    expect(fieldProblem(spec('apertures'), '')).toBe('Aperture radii needs at least 1 value');
    expect(fieldProblem(spec('brokerUrl'), 'http://x')).toBe('Broker URL must be a redis:// or rediss:// URL (got "http://x")');
    expect(fieldProblem(spec('target-timeZone'), 'Mars/Olympus')).toMatch(/^Time zone must be an IANA time zone/);
    expect(fieldProblem(spec('target-timeZone'), 'America/Santiago')).toBeNull();
    expect(fieldProblem(spec('maxImageMb'), '1.5')).toBe('Largest image must be a whole number of MiB from 1 to 4000 (got "1.5")');
    expect(fieldProblem(spec('target-gains'), 'CAM = x')).toMatch(/^Gains by instrument line 1 must read/);
    // No field's message carries the setting's dotted name.
    for (const f of FIELDS) expect(fieldProblem(f, 'not a value \u0000') ?? '').not.toMatch(/\b[a-z]+\.[a-zA-Z]+\b/);
  });

  it('lists the fields changed from the stored settings by name', () => {
    const stored = defaultSettings();
    const draft = { ...toDraft(stored), thresh: '2.5', onImport: false, 'target-name': ' Roque de los Muchachos ' };
    expect(changedFields(draft, stored)).toEqual(['Detection threshold', 'Extract on import']);
  });

  it('makes the patch of typed values', () => {
    const draft = { ...toDraft(defaultSettings()), threads: '', apertures: '3, 5 8', smtpTo: 'a@b.org; c@d.org', 'target-gains': 'T/C = 1.5\n\nC2=2', theme: 'dark' };
    const patch = toPatch(draft);
    expect(patch.workers?.threads).toBeNull();
    expect(patch.extraction?.apertures).toEqual([3, 5, 8]);
    expect(patch.smtp?.to).toEqual(['a@b.org', 'c@d.org']);
    expect(patch.photometry?.gains).toEqual({ 'T/C': 1.5, C2: 2 });
    expect(patch.appearance?.theme).toBe('dark');
  });

  it('edits calibration: on/off, the dark tolerances in their units, dark scaling and the frame type words', () => {
    const draft = toDraft(defaultSettings());
    expect(draft).toMatchObject({ calibEnabled: true, calibExposureTolerance: '0.01', calibTemperatureTolerance: '2', calibDarkScaling: false, calibTypeMap: '' });
    expect(spec('calibExposureTolerance').label).toMatch(/fraction of the dark’s exposure; 0\.01 = 1 %/);
    expect(spec('calibTemperatureTolerance').label).toMatch(/\(°C\)$/);
    const patch = toPatch({ ...draft, calibExposureTolerance: '0.05', calibTemperatureTolerance: '3', calibDarkScaling: true, calibTypeMap: 'Tungsten = FLAT\n\nSky Exposure=light' });
    expect(patch.calibration).toEqual({ enabled: true, exposureTolerance: 0.05, temperatureTolerance: 3, darkScaling: true, typeMap: { Tungsten: 'flat', 'Sky Exposure': 'light' } });
    expect(toDraft({ ...defaultSettings(), calibration: { ...defaultSettings().calibration, typeMap: { Tungsten: 'flat' } } }).calibTypeMap).toBe('Tungsten = flat');
    expect(fieldProblem(spec('calibExposureTolerance'), '5')).toBe('Dark exposure tolerance must be at most 1 (got "5")');
    expect(fieldProblem(spec('calibTemperatureTolerance'), '-1')).toBe('Dark temperature tolerance must be at least 0 (got "-1")');
    expect(fieldProblem(spec('calibTypeMap'), 'Tungsten = lamp')).toBe('Frame type words line 1 must read "IMAGETYP/FRAME word = bias, dark, flat or light" (got "Tungsten = lamp")');
    expect(fieldProblem(spec('calibTypeMap'), 'Tungsten = flat\ntungsten = dark')).toBe(
      'Frame type words has a word twice (case, spaces, _ and - do not count) (got "Tungsten = flat\ntungsten = dark")',
    );
  });

  it('reads frame type lines', () => {
    expect(parseTypeMapLines(' Cal Zero = Bias \nA=B = dark')).toEqual({ value: { 'Cal Zero': 'bias', 'A=B': 'dark' } });
    expect(parseTypeMapLines('= flat')).toHaveProperty('problem');
    expect(parseTypeMapLines('Tungsten')).toHaveProperty('problem');
  });

  it('reads gain lines', () => {
    expect(parseGainLines('A = 2\nB/C = 0.5')).toEqual({ value: { A: 2, 'B/C': 0.5 } });
    expect(parseGainLines('A = 0')).toHaveProperty('problem');
  });
});
