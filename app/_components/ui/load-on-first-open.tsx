"use client";

import {
  cloneElement,
  createContext,
  createElement,
  isValidElement,
  lazy,
  Suspense,
  useContext,
  useState,
  type ComponentProps,
  type ComponentType,
  type FocusEvent,
  type MouseEvent,
  type PointerEvent,
  type ReactElement,
  type ReactNode,
} from "react";
import { fetchAheadProps } from "./fetch-ahead";

interface RootProps {
  open?: boolean;
  defaultOpen?: boolean;
  onOpenChange?: (open: boolean) => void;
  children?: ReactNode;
}

type TriggerProps = ComponentProps<"button"> & { asChild?: boolean };

/**
 * A dialog whose library (Radix: focus trapping, dismissal, scroll locking, ~11 KB gzip) is
 * fetched the first time it opens rather than with its page: most visits show a dialog's
 * button and never press it. Until then the root renders its children as they are, its
 * trigger is the same button (the same ARIA as Radix gives a closed dialog's trigger) and its
 * other parts render nothing, as Radix's do while closed. Pressed (or given `open`), the root
 * loads `load`'s module and hands over to its parts, opened. Pointing at the trigger or moving
 * the focus to it starts the fetch already, so the press seldom waits for it.
 */
export function loadOnFirstOpen<M>(
  load: () => Promise<M>,
  rootOf: (m: M) => ComponentType<RootProps>,
) {
  let loaded: M | null = null;
  const Root = lazy(() =>
    load().then((m) => {
      loaded = m;
      return { default: rootOf(m) };
    }),
  );
  // The bundler keeps the module once fetched, so this and the lazy root's own call fetch it
  // once. A failed fetch is the lazy root's to report, when the dialog is opened.
  const ahead = fetchAheadProps(load);
  /** While the module is not loaded: what the trigger calls to open the dialog. */
  const OpenFirst = createContext<(() => void) | null>(null);

  function LazyRoot(props: RootProps) {
    const [wanted, setWanted] = useState(false);
    const [openedByTrigger, setOpenedByTrigger] = useState(false);
    // Kept once wanted: Radix's root stays mounted to close the dialog and return the focus.
    if (!wanted && (props.open || props.defaultOpen)) setWanted(true);
    const first = (
      <OpenFirst
        value={() => {
          setWanted(true);
          setOpenedByTrigger(true);
          props.onOpenChange?.(true);
        }}
      >
        {props.children}
      </OpenFirst>
    );
    if (!wanted) return first;
    return (
      <Suspense fallback={first}>
        <Root {...props} defaultOpen={props.defaultOpen || openedByTrigger} />
      </Suspense>
    );
  }

  /** The dialog's trigger: until the module is loaded, its button opening the dialog. */
  const trigger = (pick: (m: M) => ComponentType<TriggerProps>) =>
    function Trigger(props: TriggerProps) {
      const openFirst = useContext(OpenFirst);
      if (!openFirst) return loaded ? createElement(pick(loaded), props) : null;
      const { asChild, children, onClick, onPointerEnter, onFocus, ...rest } = props;
      const closed = {
        "aria-haspopup": "dialog" as const,
        "aria-expanded": false,
        "data-state": "closed",
      };
      const own = {
        onClick: (e: MouseEvent<HTMLButtonElement>) => {
          onClick?.(e);
          if (!e.defaultPrevented) openFirst();
        },
        onPointerEnter: (e: PointerEvent<HTMLButtonElement>) => {
          onPointerEnter?.(e);
          ahead.onPointerEnter();
        },
        onFocus: (e: FocusEvent<HTMLButtonElement>) => {
          onFocus?.(e);
          ahead.onFocus();
        },
      };
      if (asChild && isValidElement<ComponentProps<"button">>(children)) {
        const child: ReactElement<ComponentProps<"button">> = children;
        return cloneElement(child, {
          type: child.props.type ?? "button",
          ...rest,
          ...closed,
          onClick: (e: MouseEvent<HTMLButtonElement>) => {
            child.props.onClick?.(e);
            own.onClick(e);
          },
          onPointerEnter: (e: PointerEvent<HTMLButtonElement>) => {
            child.props.onPointerEnter?.(e);
            own.onPointerEnter(e);
          },
          onFocus: (e: FocusEvent<HTMLButtonElement>) => {
            child.props.onFocus?.(e);
            own.onFocus(e);
          },
        });
      }
      return (
        <button type="button" {...rest} {...closed} {...own}>
          {children}
        </button>
      );
    };

  /** A part of the opened dialog (content, title, close…): nothing until the module is loaded. */
  const part = <P extends object>(pick: (m: M) => ComponentType<P>) =>
    function Part(props: P) {
      const openFirst = useContext(OpenFirst);
      return openFirst || !loaded ? null : createElement(pick(loaded), props);
    };

  return { Root: LazyRoot, trigger, part };
}
