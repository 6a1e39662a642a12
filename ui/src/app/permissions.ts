/** Does a user holding `perms` have `wanted` (or any of `a|b|c`)? Mirrors the Rust check; the backend enforces it. */
export function hasPermission(perms: readonly string[], wanted?: string): boolean {
  if (!wanted) return true;
  if (wanted.includes("|")) return wanted.split("|").some((w) => hasPermission(perms, w));
  if (perms.includes("*") || perms.includes(wanted)) return true;
  const [module] = wanted.split(":");
  return perms.includes(`${module}:*`);
}
