"use client";

import { useMutation, useQuery, useQueryClient } from "@/app/_trpc/query-hooks";
import { CheckIcon, MessageSquarePlusIcon } from "lucide-react";
import { useTranslations } from "@/app/_i18n/client-intl";
import { useState, type FormEvent } from "react";
import { toast } from "@/app/_components/toast";
import { Badge } from "@/app/_components/ui/badge";
import { Button } from "@/app/_components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/app/_components/ui/card";
import { Label } from "@/app/_components/ui/label";
import { Textarea } from "@/app/_components/ui/input";
import { useErrorMessage } from "@/app/_lib/use-error-message";
import { useTRPC } from "@/app/_trpc/client";
import type { RouterOutputs } from "../../_lib/router-types";
import { useShopTime } from "../../_lib/use-shop-time";
import { isolatedSentence } from "@/app/_components/isolated-sentence";

export type SupportNote = RouterOutputs["support"]["forOrder"][number];

/** One note: what was said and done, by whom, and whether it still needs following up. */
export function NoteItem({
  note,
  onResolve,
  resolving,
  header,
}: {
  note: SupportNote;
  onResolve: () => void;
  resolving: boolean;
  header?: React.ReactNode;
}) {
  const t = useTranslations("failures.notes");
  const time = useShopTime();
  return (
    <li className="flex flex-col gap-2 py-3 text-sm first:pt-0">
      <div className="flex flex-wrap items-center gap-2">
        <Badge
          variant="tinted"
          className={
            note.status === "open"
              ? "bg-amber-100 text-amber-900"
              : "bg-emerald-100 text-emerald-800"
          }
        >
          {t(`status.${note.status}`)}
        </Badge>
        {header}
        <span className="text-muted-foreground text-xs">
          {isolatedSentence(
            t,
            "byAt",
            { name: note.createdByName ?? "—", time: time.dateTime(note.createdAt) },
            ["name"],
          )}
        </span>
      </div>
      <p className="break-words whitespace-pre-wrap">{note.body}</p>
      {note.status === "resolved" && note.resolvedAt ? (
        <p className="text-muted-foreground text-xs">
          {isolatedSentence(
            t,
            "resolvedByAt",
            {
              name: note.resolvedByName ?? "—",
              time: time.dateTime(note.resolvedAt),
            },
            ["name"],
          )}
        </p>
      ) : (
        <Button
          variant="outline"
          size="sm"
          className="w-fit"
          disabled={resolving}
          onClick={onResolve}
        >
          <CheckIcon aria-hidden />
          {t("resolve")}
        </Button>
      )}
    </li>
  );
}

/** 客服 on the order page: the notes so far and a box to add one. */
export function SupportNotes({ orderId }: { orderId: string }) {
  const t = useTranslations("failures.notes");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const errorMessage = useErrorMessage();
  const [body, setBody] = useState("");
  const notes = useQuery(trpc.support.forOrder.queryOptions({ orderId }));
  const refresh = () =>
    void queryClient.invalidateQueries({ queryKey: trpc.support.forOrder.queryKey({ orderId }) });
  const add = useMutation(
    trpc.support.add.mutationOptions({
      onSuccess: () => {
        setBody("");
        toast.success(t("added"));
        refresh();
      },
      onError: (err) => toast.error(errorMessage(err)),
    }),
  );
  const resolve = useMutation(
    trpc.support.resolve.mutationOptions({
      onSuccess: refresh,
      onError: (err) => toast.error(errorMessage(err)),
    }),
  );

  function submit(e: FormEvent) {
    e.preventDefault();
    if (body.trim()) add.mutate({ orderId, body });
  }

  return (
    <Card>
      <CardHeader>
        <CardTitle>{t("title")}</CardTitle>
      </CardHeader>
      <CardContent className="flex flex-col gap-4">
        {notes.isPending ? null : notes.isError ? (
          <p role="alert" className="text-sm">
            {errorMessage(notes.error)}
          </p>
        ) : notes.data.length === 0 ? (
          <p className="text-muted-foreground text-sm">{t("none")}</p>
        ) : (
          <ul className="flex flex-col divide-y">
            {notes.data.map((n) => (
              <NoteItem
                key={n.id}
                note={n}
                resolving={resolve.isPending}
                onResolve={() => resolve.mutate({ noteId: n.id })}
              />
            ))}
          </ul>
        )}
        <form onSubmit={submit} className="flex flex-col gap-2">
          <Label htmlFor={`note-${orderId}`}>{t("newNote")}</Label>
          <Textarea
            id={`note-${orderId}`}
            value={body}
            maxLength={2000}
            rows={3}
            placeholder={t("placeholder")}
            onChange={(e) => setBody(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) submit(e);
            }}
            className="min-h-20 resize-y"
          />
          <Button type="submit" className="w-fit" disabled={add.isPending || !body.trim()}>
            <MessageSquarePlusIcon aria-hidden />
            {t("add")}
          </Button>
        </form>
      </CardContent>
    </Card>
  );
}
