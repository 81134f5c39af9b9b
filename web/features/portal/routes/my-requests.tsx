export default function Placeholder() {
  return <div className="page" />;
}
