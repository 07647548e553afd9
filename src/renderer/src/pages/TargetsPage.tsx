export function TargetsPage() {
  return (
    <section>
      <h1>Targets</h1>
      <p className="muted">Targets and light curves are not built yet.</p>
    </section>
  );
}
