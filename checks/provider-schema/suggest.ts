import { closestName } from "../../environment/did-you-mean";

/** ` (did you mean "x"?)` (Terraform's quoting) for the closest of `candidates` to `name`, or `""`. */
export function didYouMean(name: string, candidates: Iterable<string>): string {
  const best = closestName(name, candidates);
  return best === undefined ? "" : ` (did you mean "${best}"?)`;
}
