/**
 * Handlers of the `targets:*` channels (issue 7): thin calls into TargetService and the
 * automation that queues photometry; visibility from core/visibility at the configured site.
 */
import { visibilityNight } from '../../core/visibility/index.js';
import type { Channel } from '../../shared/contract.js';
import type { TargetImageView, TargetSummary, VisibilityView } from '../../shared/targets.js';
import { productBrief } from '../services/library/product-queries.js';
import type { Services } from '../services/services.js';
import type { Handler } from './handler.js';

type TargetChannel = Extract<Channel, `targets:${string}`>;

const nullIfNaN = (v: number): number | null => (Number.isFinite(v) ? v : null);

/** The images of a target with its pixel position on each and whether it has a point there. */
export function targetImages(services: Services, targetId: number): TargetImageView[] {
  const links = services.targets.products(targetId);
  const measured = services.targets.measuredProducts(targetId);
  return links.flatMap((l) => {
    const p = productBrief(services.db, l.productId);
    if (!p) return [];
    return [{ productId: l.productId, name: p.name, dateObs: p.dateObs, filter: p.filter, status: p.status, origin: l.origin, x: l.x, y: l.y, measured: measured.has(l.productId) }];
  });
}

/** Every target with its number of images and light-curve points. */
export function targetSummaries(services: Services): TargetSummary[] {
  return services.targets.summaries();
}

/** Altitude, airmass, twilight and the Moon for `nights` nights from the one under way (or next) now. */
export function targetVisibility(services: Services, targetId: number, nights = 3, nowMs = services.clock.now()): VisibilityView {
  const t = services.targets.get(targetId);
  const s = services.settings.get().site;
  const site = { latitude: s.lat, longitude: s.lon, height: s.elevation };
  const now = nowMs / 86_400_000 + 40587;
  const out: VisibilityView['nights'] = [];
  for (let k = 0; k < nights; k++) {
    const n = visibilityNight(t.ra, t.dec, now + k, site, 10);
    out.push({
      start: n.start,
      twilight: n.twilight,
      moonIllumination: n.moonIllumination,
      samples: n.samples.map((x) => ({
        mjd: x.mjd,
        altitude: x.altitude,
        airmass: x.altitude > 0 ? nullIfNaN(x.airmass) : null,
        sunAltitude: x.sunAltitude,
        moonAltitude: x.moonAltitude,
        moonSeparation: x.moonSeparation,
      })),
    });
  }
  return { site: { name: s.name, lat: s.lat, lon: s.lon, elevation: s.elevation, timeZone: s.timeZone }, nights: out };
}

function fileStem(name: string): string {
  return name.replace(/[^A-Za-z0-9._+-]+/g, '_').replace(/^_+|_+$/g, '') || 'target';
}

/** Cancels the queued photometry of a target (before deleting it). */
async function cancelQueuedPhotometry(services: Services, targetId: number): Promise<void> {
  for (const id of services.tasks.queries.queuedPhotometryOf(targetId)) await services.tasks.cancel(id).catch(() => undefined);
}

export const targetHandlers: { [C in TargetChannel]: Handler<C> } = {
  'targets:list': (_input, { services }) => targetSummaries(services),
  'targets:get': ({ id }, { services }) => services.targets.get(id),
  'targets:create': (input, { services }) =>
    services.targetAutomation.inBatch(`target-${Date.now().toString(36)}`, () => services.targets.create(input)),
  'targets:update': ({ id, patch }, { services }) => services.targets.update(id, patch),
  'targets:delete': async ({ id }, { services }) => {
    services.targets.get(id);
    await cancelQueuedPhotometry(services, id);
    services.targets.delete(id);
    return { deleted: true };
  },
  'targets:importCsv': ({ text, update }, { services }) =>
    services.targetAutomation.inBatch(`targets-${Date.now().toString(36)}`, () => services.targets.importCsv(text, { update })),
  'targets:exportCsv': (input, { services }) => ({ csv: services.targets.exportCsv(input?.ids) }),
  'targets:images': ({ id }, { services }) => targetImages(services, id),
  'targets:link': ({ targetId, productId }, { services }) => {
    services.targets.link(targetId, productId);
    return targetImages(services, targetId);
  },
  'targets:unlink': ({ targetId, productId }, { services }) => {
    services.targets.unlink(targetId, productId);
    return targetImages(services, targetId);
  },
  'targets:lightcurve': ({ id, filter }, { services }) => services.targets.lightCurve(id, { filter }),
  'targets:exportPhotometry': ({ id, layout }, { services }) => {
    const t = services.targets.get(id);
    return layout === 'tom'
      ? { csv: services.targets.exportTomPhotometry(id), fileName: `${fileStem(t.name)}-photometry-tom.csv` }
      : { csv: services.targets.exportLightCurveTable(id), fileName: `${fileStem(t.name)}-lightcurve.csv` };
  },
  'targets:visibility': ({ id, nights }, { services }) => targetVisibility(services, id, nights ?? 3),
  'targets:comparisons': ({ id }, { services }) => services.targets.comparisons(id),
  'targets:setComparison': ({ id, ra, dec, choice }, { services }) => {
    services.targets.setComparison(id, ra, dec, choice);
    services.targetAutomation.measure(id, { force: true, priority: 10 });
    services.events.emit('targets:changed', { ids: [id] });
    return services.targets.comparisons(id);
  },
  'targets:ofProduct': ({ productId }, { services }) => {
    services.library.get(productId);
    const linked = services.targets.targetsOf(productId).map((l) => ({ id: l.targetId, name: services.targets.get(l.targetId).name, x: l.x, y: l.y }));
    const ids = new Set(linked.map((l) => l.id));
    const hints = services.targets
      .objectHints(productId)
      .filter((t) => !ids.has(t.id))
      .map((t) => ({ id: t.id, name: t.name }));
    return { linked, hints };
  },
  'targets:measure': ({ id }, { services }) => {
    services.targets.get(id);
    return services.targetAutomation.measure(id, { force: true, priority: 10 });
  },
};
