import type { ApiSchemaDocument, HttpMethod, MethodSchema } from "./api-schema";

/** A request path matched against the schema's path templates. */
export type RouteMatch =
  | {
      readonly kind: "found";
      /** The schema's template, e.g. `/nodes/{node}/qemu/{vmid}/config`. */
      readonly template: string;
      readonly method: MethodSchema;
      /** Values of the template's `{...}` segments, URL-decoded. */
      readonly pathParams: Readonly<Record<string, string>>;
    }
  | { readonly kind: "no-such-path" }
  | { readonly kind: "no-such-method"; readonly template: string };

interface Node {
  readonly literal: Map<string, Node>;
  param?: { readonly name: string; readonly node: Node };
  template?: string;
}

const newNode = (): Node => ({ literal: new Map() });

/**
 * The schema's paths as a tree of segments: literal segments win over `{param}` segments, as in
 * Proxmox VE's router (`/nodes/{node}/qemu/{vmid}/status/current` is not `{vmid}` = `status`).
 */
export class ApiRoutes {
  private readonly root = newNode();

  constructor(private readonly schema: ApiSchemaDocument) {
    for (const template of Object.keys(schema.paths)) {
      let node = this.root;
      for (const segment of template.split("/").filter(Boolean)) {
        const param = /^\{(.+)\}$/.exec(segment);
        if (param) {
          node.param ??= { name: param[1], node: newNode() };
          node = node.param.node;
        } else {
          let next = node.literal.get(segment);
          if (!next) node.literal.set(segment, (next = newNode()));
          node = next;
        }
      }
      node.template = template;
    }
  }

  /** Matches a path below `/api2/json` (raw, still URL-encoded; a trailing slash is ignored). */
  match(method: HttpMethod, rawPath: string): RouteMatch {
    const segments = rawPath.split("/").filter(Boolean);
    const pathParams: Record<string, string> = {};
    const found = this.walk(this.root, segments, 0, pathParams);
    if (!found?.template) return { kind: "no-such-path" };
    const methodSchema = this.schema.paths[found.template][method];
    if (!methodSchema) return { kind: "no-such-method", template: found.template };
    return { kind: "found", template: found.template, method: methodSchema, pathParams };
  }

  private walk(node: Node, segments: readonly string[], index: number, params: Record<string, string>): Node | undefined {
    if (index === segments.length) return node.template ? node : undefined;
    const literal = node.literal.get(segments[index]);
    const viaLiteral = literal && this.walk(literal, segments, index + 1, params);
    if (viaLiteral) return viaLiteral;
    if (!node.param) return undefined;
    let value: string;
    try {
      value = decodeURIComponent(segments[index]);
    } catch {
      return undefined;
    }
    const viaParam = this.walk(node.param.node, segments, index + 1, params);
    if (viaParam) params[node.param.name] = value;
    return viaParam;
  }
}
