/** PLACEHOLDER — replaced by the area's real screens. */
export default function Screen() {
  return <h1>settings</h1>;
}
