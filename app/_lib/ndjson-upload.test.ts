import { describe, expect, it } from "vitest";
import { readEvents } from "./ndjson-upload";

describe("an NDJSON answer read in pieces", () => {
  it("reads only complete lines and resumes where it stopped", () => {
    const first = '{"phase":"hashing","bytes":10}\n{"phase":"read';
    const a = readEvents<object>(first, 0);
    expect(a.events).toEqual([{ phase: "hashing", bytes: 10 }]);
    const whole = `${first}ing","bytes":20,"lines":3}\n`;
    const b = readEvents<object>(whole, a.next);
    expect(b.events).toEqual([{ phase: "reading", bytes: 20, lines: 3 }]);
    expect(b.next).toBe(whole.length);
  });
});
