"use client";

import { useEffect, useState } from "react";
import { pageLocale } from "./call";
import { payQuery, type Inputs, type Outputs, type Query } from "./pay-client";

/** One query, read once when enabled, tried twice (as the console's query client does). */
export function usePayQuery<K extends Query>(path: K, input: Inputs[K], enabled = true) {
  // The inputs of these queries are plain JSON (a token).
  const key = JSON.stringify(input);
  const [state, setState] = useState<{ data: Outputs[K] | undefined; isError: boolean }>({
    data: undefined,
    isError: false,
  });
  useEffect(() => {
    if (!enabled) return;
    let gone = false;
    const read = () => payQuery(path, JSON.parse(key) as Inputs[K], pageLocale());
    read()
      .catch(read)
      .then(
        (data) => !gone && setState({ data, isError: false }),
        () => !gone && setState({ data: undefined, isError: true }),
      );
    return () => {
      gone = true;
    };
  }, [path, key, enabled]);
  return state;
}
