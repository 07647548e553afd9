import { raw } from '../api/client.js';
import { useQuery } from '../api/hooks.js';

export function LibraryPage({ onOpen }: { onOpen: (productId: number) => void }) {
  const products = useQuery(() => raw.products.list(), ['products:changed']);
  return (
    <section>
      <h1>Library</h1>
      {products.error && <p className="error">{products.error.message}</p>}
      {products.data && products.data.length === 0 && <p className="muted">No images yet.</p>}
      {products.data && products.data.length > 0 && (
        <table className="grid">
          <thead>
            <tr>
              <th>Name</th>
              <th>Object</th>
              <th>Date</th>
              <th>Filter</th>
              <th>Status</th>
              <th>Sources</th>
            </tr>
          </thead>
          <tbody>
            {products.data.map((p) => (
              <tr key={p.id} className="clickable" data-testid="product-row" onClick={() => onOpen(p.id)}>
                <td>{p.name}</td>
                <td>{p.object ?? ''}</td>
                <td>{p.dateObs ?? ''}</td>
                <td>{p.filter ?? ''}</td>
                <td>{p.status}</td>
                <td>{p.sources ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
