/** PLACEHOLDER — replaced by the area's real screens. */
export default function Screen() {
  return <h1>webhooks</h1>;
}
