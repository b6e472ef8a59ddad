"use client";

import { useMutation, useQueryClient } from "@/app/_trpc/query-hooks";
import { LoaderCircleIcon, ReplyIcon } from "lucide-react";
import { useTranslations } from "@/app/_i18n/client-intl";
import { useId, useState } from "react";
import { toast } from "@/app/_components/toast";
import { Button } from "@/app/_components/ui/button";
import {
  Dialog,
  DialogClose,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
  DialogTrigger,
} from "@/app/_components/ui/dialog";
import { textareaClass } from "@/app/_components/ui/input";
import { Label } from "@/app/_components/ui/label";
import { cn } from "@/app/_lib/cn";
import { useErrorMessage } from "@/app/_lib/use-error-message";
import { useTRPC } from "@/app/_trpc/client";

/** Answers one customer's feedback: the reply becomes a support note on the order. */
export function ReplyDialog({
  feedbackId,
  orderNumber,
}: {
  feedbackId: string;
  orderNumber: string;
}) {
  const t = useTranslations("feedback");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const errorMessage = useErrorMessage();
  const [open, setOpen] = useState(false);
  const [body, setBody] = useState("");
  const id = useId();
  const reply = useMutation(
    trpc.feedback.reply.mutationOptions({
      onSuccess: async () => {
        toast.success(t("replySaved"));
        setOpen(false);
        setBody("");
        await queryClient.invalidateQueries({ queryKey: trpc.feedback.list.pathKey() });
      },
    }),
  );
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button variant="outline" size="sm">
          <ReplyIcon aria-hidden />
          {t("replyAction")}
        </Button>
      </DialogTrigger>
      <DialogContent closeLabel={t("cancel")}>
        <form
          className="flex flex-col gap-4"
          onSubmit={(e) => {
            e.preventDefault();
            reply.mutate({ feedbackId, body });
          }}
        >
          <DialogHeader>
            <DialogTitle>{t("replyTitle", { orderNumber })}</DialogTitle>
            <DialogDescription>{t("replyHint")}</DialogDescription>
          </DialogHeader>
          <div className="flex flex-col gap-1.5">
            <Label htmlFor={id}>{t("replyBody")}</Label>
            <textarea
              id={id}
              required
              maxLength={2000}
              rows={4}
              value={body}
              onChange={(e) => setBody(e.target.value)}
              className={cn(textareaClass, "resize-y")}
            />
          </div>
          {reply.isError ? (
            <p role="alert" className="text-destructive text-sm">
              {errorMessage(reply.error)}
            </p>
          ) : null}
          <DialogFooter>
            <DialogClose asChild>
              <Button type="button" variant="outline">
                {t("cancel")}
              </Button>
            </DialogClose>
            <Button type="submit" disabled={reply.isPending || body.trim() === ""}>
              {reply.isPending ? <LoaderCircleIcon aria-hidden className="animate-spin" /> : null}
              {t("replySave")}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
