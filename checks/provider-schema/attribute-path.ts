/** Building attribute paths such as `initialization[0].ip_config[0].ipv4[0].address`. */

/** `parent.name`, or `name` at the top of a body. */
export function childPath(parent: string, name: string): string {
  return parent === "" ? name : `${parent}.${name}`;
}

/** `parent[index]`: an element of a list, set or tuple, or one of several blocks. */
export function indexPath(parent: string, index: number): string {
  return `${parent}[${index}]`;
}

/** `parent["key"]`: an element of a map, or a block of a map-nested block type. */
export function keyPath(parent: string, key: string): string {
  return `${parent}[${JSON.stringify(key)}]`;
}
