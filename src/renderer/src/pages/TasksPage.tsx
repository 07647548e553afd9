import { raw } from '../api/client.js';
import { useQuery } from '../api/hooks.js';

export function TasksPage() {
  const tasks = useQuery(() => raw.tasks.list(), ['tasks:changed']);
  return (
    <section>
      <h1>Tasks</h1>
      {tasks.error && <p className="error">{tasks.error.message}</p>}
      {tasks.data && tasks.data.length === 0 && <p className="muted">No tasks.</p>}
      {tasks.data && tasks.data.length > 0 && (
        <table className="grid">
          <thead>
            <tr>
              <th>#</th>
              <th>Kind</th>
              <th>Status</th>
              <th>Progress</th>
              <th>Ran on</th>
            </tr>
          </thead>
          <tbody>
            {tasks.data.map((t) => (
              <tr key={t.id}>
                <td>{t.id}</td>
                <td>{t.kind}</td>
                <td>{t.status}</td>
                <td>
                  <progress max={1} value={t.progress} /> {t.stage ?? ''}
                </td>
                <td>{t.ranOn ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
