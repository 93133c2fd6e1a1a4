// Org units arrive as a flat list with parent_code; pages show them as a tree.

export interface FlatOrg {
  code: string
  name: string
  parent_code: string | null
}

export type OrgNode<T extends FlatOrg> = T & { children?: OrgNode<T>[] }

/** Build a tree; units whose parent is missing from the list become roots. Sorted by code. */
export function buildOrgTree<T extends FlatOrg>(items: readonly T[]): OrgNode<T>[] {
  const nodes = new Map<string, OrgNode<T>>()
  for (const it of items) nodes.set(it.code, { ...it })
  const roots: OrgNode<T>[] = []
  for (const node of nodes.values()) {
    const parent = node.parent_code ? nodes.get(node.parent_code) : undefined
    if (parent && parent !== node) (parent.children ??= []).push(node)
    else roots.push(node)
  }
  const sort = (list: OrgNode<T>[]) => {
    list.sort((a, b) => a.code.localeCompare(b.code))
    for (const n of list) if (n.children) sort(n.children)
  }
  sort(roots)
  return roots
}

/** Keep nodes whose code or name contains `query`, with their ancestors (and a match's
 *  whole subtree). An empty query returns the tree unchanged. */
export function filterOrgTree<T extends FlatOrg>(tree: readonly OrgNode<T>[], query: string): OrgNode<T>[] {
  const q = query.trim().toLowerCase()
  if (!q) return tree as OrgNode<T>[]
  const out: OrgNode<T>[] = []
  for (const node of tree) {
    const hit = node.code.toLowerCase().includes(q) || node.name.toLowerCase().includes(q)
    if (hit) {
      out.push(node)
      continue
    }
    const kids = node.children ? filterOrgTree(node.children, q) : []
    if (kids.length > 0) out.push({ ...node, children: kids })
  }
  return out
}

/** Count items by a key, e.g. orgs by type. */
export function countBy<T>(items: readonly T[], key: (t: T) => string): Record<string, number> {
  const out: Record<string, number> = {}
  for (const it of items) {
    const k = key(it)
    out[k] = (out[k] ?? 0) + 1
  }
  return out
}

/** Codes of `code` and everything below it (a unit cannot become its own descendant's child). */
export function subtreeCodes(items: readonly FlatOrg[], code: string): Set<string> {
  const out = new Set<string>([code])
  let grew = true
  while (grew) {
    grew = false
    for (const it of items) {
      if (it.parent_code && out.has(it.parent_code) && !out.has(it.code)) {
        out.add(it.code)
        grew = true
      }
    }
  }
  return out
}
