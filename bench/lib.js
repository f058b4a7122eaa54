// Shared helpers for workloads: result shape and memory reading.
export function result(name, events, seconds, extra = {}) {
  return {
    name,
    events,
    seconds: Math.round(seconds * 1e4) / 1e4,
    events_per_sec: Math.round(events / seconds),
    rss_mb: Math.round((process.memoryUsage().rss / 2 ** 20) * 10) / 10,
    ...extra,
  };
}

export function seconds(fn) {
  const t0 = performance.now();
  const value = fn();
  return [value, (performance.now() - t0) / 1000];
}
