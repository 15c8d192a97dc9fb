export function App() {
  return <div>Spilno</div>;
}
