/** PLACEHOLDER — replaced by the area's real screens. */
export default function Screen() {
  return <h1>mailbox</h1>;
}
