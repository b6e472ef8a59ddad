import { describe, expect, it } from "vitest";
import { classConflicts } from "./class-conflicts.mjs";

// cn() joins class lists as they are (app/_lib/cn.ts): two classes of one kind on an element
// would be settled by the stylesheet's order, not by which came last.
describe("class conflicts", () => {
  it("none in app/: no element is given two classes of one kind", () => {
    expect(classConflicts()).toEqual([]);
  });

  it("finds a primitive's class overridden by its caller's, and a cn() call's own", () => {
    const found = classConflicts([
      [
        "conflicts-example.tsx",
        `import { Badge } from "@/app/_components/ui/badge";
import { Input } from "@/app/_components/ui/input";
import { cn } from "@/app/_lib/cn";
export function Example({ on }: { on: boolean }) {
  return (
    <div className={cn("flex gap-2", on && "gap-4")}>
      <Input className="h-12" />
      <Input variant="bare" className="h-12 w-full text-base" />
      <Badge variant="tinted" className="bg-sky-100 text-sky-900" />
      <Badge className="bg-sky-100" />
    </div>
  );
}`,
      ],
    ]);
    expect(found).toEqual([
      "app/conflicts-example.tsx:6  cn(…) overrides gap-2",
      "app/conflicts-example.tsx:7  <Input> overrides h-10",
      "app/conflicts-example.tsx:10  <Badge> overrides bg-primary/10",
    ]);
  });
});
