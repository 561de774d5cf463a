import EmailReplyParser from "email-reply-parser";
import planer from "planer";
import { ownText, stripQuoted } from "../../src/mail/inbound/strip-quoted.js";

/**
 * Replies as the common clients write them, in Vietnamese, English and the main European languages: each with the
 * new text a person wrote. Written for this project; shared by the unit test and bench/inbound.bench.ts,
 * which measure the hand-written stripper beside the npm libraries that do the same job.
 */
export interface QuoteCase {
  name: string;
  text: string;
  expected: string;
}

const OLD_VI =
  "> Kính gửi: Ủy ban Kiểm tra Đảng ủy Công an Trung ương.\n> Đề nghị cử 02 đồng chí tham gia Đoàn.\n>\n> Mã theo dõi: PH-2026-0001/mfrggzdfmztwq2lknnwg23tpobyxe43u";
const OLD_PLAIN =
  "Kính gửi: Ủy ban Kiểm tra Đảng ủy Công an Trung ương.\nĐề nghị cử 02 đồng chí tham gia Đoàn.\nMã theo dõi: PH-2026-0001/mfrggzdfmztwq2lknnwg23tpobyxe43u";
const YES = "Đồng ý cử đồng chí Nguyễn Văn An tham gia Đoàn kiểm tra.";
const NO = "Chúng tôi không thể cử cán bộ tham gia đợt này.";
const EN = "We agree and will send two officers.";

const top = (reply: string, header: string, old = OLD_VI) => `${reply}\n\n${header}\n${old}\n`;
const block = (lines: string[]) => `${lines.join("\n")}\n\n${OLD_PLAIN}`;

export const QUOTE_CASES: QuoteCase[] = [
  {
    name: "no quote",
    text: `${YES}\n\nTrân trọng,\nVăn phòng\n`,
    expected: `${YES}\n\nTrân trọng,\nVăn phòng`,
  },
  {
    name: "vi Gmail attribution",
    text: top(YES, "Vào Th 5, 5 thg 3, 2026 vào lúc 10:00 phoihop <phoihop@phoihop.example> đã viết:"),
    expected: YES,
  },
  {
    name: "vi Thunderbird attribution",
    text: top(YES, "Vào lúc 10:00 ngày 05/03/2026, Ủy ban Kiểm tra Tỉnh ủy Nghệ An đã viết:"),
    expected: YES,
  },
  {
    name: "vi answer after the quote",
    text: `Kính gửi đồng chí,\nVào Th 5, 5 thg 3, 2026 lúc 10:00 phoihop <phoihop@phoihop.example> đã viết:\n${OLD_VI}\n${NO}\n`,
    expected: `Kính gửi đồng chí,\n${NO}`,
  },
  {
    name: "vi text between two quotes",
    text: `Kính gửi đồng chí,\n\nVào lúc 10:00 ngày 05/03/2026, Văn phòng đã viết:\n${OLD_VI}\n\n${YES}\n\nVào lúc 09:00 ngày 04/03/2026, Văn phòng đã viết:\n> thư trước nữa\n`,
    expected: `Kính gửi đồng chí,\n\n${YES}`,
  },
  {
    name: "vi bottom-posted",
    text: `Vào lúc 10:00 ngày 05/03/2026, Văn phòng đã viết:\n${OLD_VI}\n\n${YES}\n`,
    expected: YES,
  },
  {
    name: "interleaved answers",
    text: "> Đồng chí có cử được cán bộ không?\nCó, cử 01 đồng chí.\n> Thời gian nào thuận tiện?\nTừ ngày 10/3.\n\n> Trân trọng\n",
    expected:
      "> Đồng chí có cử được cán bộ không?\nCó, cử 01 đồng chí.\n> Thời gian nào thuận tiện?\nTừ ngày 10/3.",
  },
  { name: "vi mobile signature", text: `${YES}\n\nGửi từ iPhone của tôi\n\n${OLD_VI}`, expected: YES },
  {
    name: "vi Outlook header block",
    text: `${YES}\n\n${block(["Từ: Văn phòng <phoihop@phoihop.example>", "Đã gửi: Thứ Năm, ngày 5 tháng 3 năm 2026 10:00", "Đến: UBKT", "Chủ đề: [PH-2026-0001] V/v cử cán bộ"])}`,
    expected: YES,
  },
  { name: "vi Outlook separator", text: `${YES}\n\n-----Thư gốc-----\n${OLD_PLAIN}`, expected: YES },
  {
    name: "en Gmail attribution",
    text: top(EN, "On Thu, Mar 5, 2026 at 10:00 AM phoihop <phoihop@phoihop.example> wrote:"),
    expected: EN,
  },
  {
    name: "en Gmail attribution, wrapped",
    text: top(
      EN,
      "On Thu, Mar 5, 2026 at 10:00 AM Ủy ban Kiểm tra Tỉnh ủy Nghệ An <\nphoihop@phoihop.example> wrote:",
    ),
    expected: EN,
  },
  {
    name: "-----Reply Message-----",
    text: `${EN}\n\n-----Reply Message-----\nFrom: phoihop\n${OLD_PLAIN}`,
    expected: EN,
  },
  {
    name: "------On … wrote-----",
    text: `${EN}\n\n------On Thu, Mar 5, 2026 10:00 phoihop wrote-----\n\n${OLD_PLAIN}`,
    expected: EN,
  },
  {
    name: "en Outlook rule and block",
    text: `${EN}\n\n________________________________\n${block(["From: phoihop <phoihop@phoihop.example>", "Sent: Thursday, March 5, 2026 10:00 AM", "To: UBKT", "Subject: [PH-2026-0001]"])}`,
    expected: EN,
  },
  {
    name: "Hotmail block starting with Date:",
    text: `${EN}\n\n${block(["Date: Thu, 5 Mar 2026 10:00:00 +0700", "From: phoihop@phoihop.example", "To: ubkt@example.vn", "Subject: [PH-2026-0001]"])}`,
    expected: EN,
  },
  {
    name: "Outlook block starting with Sent:",
    text: `${EN}\n\n${block(["Sent: Thursday, March 5, 2026 10:00 AM", "From: phoihop", "To: UBKT", "Subject: [PH-2026-0001]"])}`,
    expected: EN,
  },
  {
    name: "fr attribution",
    text: top(
      "Nous sommes d'accord.",
      "Le jeu. 5 mars 2026 à 10:00, phoihop <phoihop@phoihop.example> a écrit :",
    ),
    expected: "Nous sommes d'accord.",
  },
  {
    name: "fr Outlook block",
    text: `Nous sommes d'accord.\n\n${block(["De : phoihop", "Envoyé : jeudi 5 mars 2026 10:00", "À : UBKT", "Objet : [PH-2026-0001]"])}`,
    expected: "Nous sommes d'accord.",
  },
  {
    name: "de attribution",
    text: top("Einverstanden.", "Am 05.03.2026 um 10:00 schrieb phoihop <phoihop@phoihop.example>:"),
    expected: "Einverstanden.",
  },
  {
    name: "de Outlook block",
    text: `Einverstanden.\n\n${block(["Von: phoihop", "Gesendet: Donnerstag, 5. März 2026 10:00", "An: UBKT", "Betreff: [PH-2026-0001]"])}`,
    expected: "Einverstanden.",
  },
  {
    name: "nl attribution",
    text: top("Akkoord.", "Op 5 mrt. 2026 om 10:00 schreef phoihop <phoihop@phoihop.example>:"),
    expected: "Akkoord.",
  },
  {
    name: "nl Outlook block",
    text: `Akkoord.\n\n${block(["Van: phoihop", "Verzonden: donderdag 5 maart 2026 10:00", "Aan: UBKT", "Onderwerp: [PH-2026-0001]"])}`,
    expected: "Akkoord.",
  },
  {
    name: "da attribution",
    text: top("Det er i orden.", "Den 5. mar. 2026 kl. 10.00 skrev phoihop <phoihop@phoihop.example>:"),
    expected: "Det er i orden.",
  },
  {
    name: "da Outlook block",
    text: `Det er i orden.\n\n${block(["Fra: phoihop", "Sendt: 5. marts 2026 10:00", "Til: UBKT", "Emne: [PH-2026-0001]"])}`,
    expected: "Det er i orden.",
  },
  {
    name: "no attribution",
    text: top("Det passer fint.", "tor. 5. mar. 2026 kl. 10:00 skrev phoihop <phoihop@phoihop.example>:"),
    expected: "Det passer fint.",
  },
  {
    name: "sv Outlook block",
    text: `Det går bra.\n\n${block(["Från: phoihop", "Skickat: den 5 mars 2026 10:00", "Till: UBKT", "Ämne: [PH-2026-0001]"])}`,
    expected: "Det går bra.",
  },
  {
    name: "pl attribution (W dniu … pisze)",
    text: top("Zgoda.", "W dniu 5.03.2026 o 10:00, phoihop <phoihop@phoihop.example> pisze:"),
    expected: "Zgoda.",
  },
  {
    name: "pl attribution (napisał(a))",
    text: top("Zgoda.", "czw., 5 mar 2026 o 10:00 phoihop <phoihop@phoihop.example> napisał(a):"),
    expected: "Zgoda.",
  },
  {
    name: "ru attribution",
    text: top("Согласны.", "5 марта 2026 г., в 10:00, phoihop <phoihop@phoihop.example> написал:"),
    expected: "Согласны.",
  },
  {
    name: "ru Outlook block",
    text: `Согласны.\n\n${block(["От: phoihop", "Отправлено: 5 марта 2026 г. 10:00", "Кому: UBKT", "Тема: [PH-2026-0001]"])}`,
    expected: "Согласны.",
  },
  {
    name: "ru Gmail attribution (no verb)",
    text: top("Согласны.", "чт, 5 мар. 2026 г. в 10:00, phoihop <phoihop@phoihop.example>:"),
    expected: "Согласны.",
  },
  {
    name: "en Yahoo attribution",
    text: top(EN, "On Thursday, March 5, 2026, 10:00:00 AM GMT+7, phoihop <phoihop@phoihop.example> wrote:"),
    expected: EN,
  },
  { name: "en Thunderbird attribution", text: top(EN, "On 05/03/2026 10:00, phoihop wrote:"), expected: EN },
  {
    name: "de Gmail attribution with Uhr",
    text: top(
      "Einverstanden.",
      "Am Do., 5. März 2026 um 10:00 Uhr schrieb phoihop <phoihop@phoihop.example>:",
    ),
    expected: "Einverstanden.",
  },
  {
    name: "vi Gmail forward with mixed labels",
    text: `${YES}\n\n---------- Thư đã chuyển tiếp ---------\nTừ: phoihop <phoihop@phoihop.example>\nDate: Th 5, 5 thg 3, 2026 vào lúc 10:00\nSubject: [PH-2026-0001]\nTo: UBKT\n\n${OLD_PLAIN}`,
    expected: YES,
  },
  {
    name: "vi Outlook block with Gửi:",
    text: `${YES}\n\n${block(["Từ: Văn phòng", "Gửi: Thứ Năm, 5 tháng 3, 2026 10:00", "Đến: UBKT", "Chủ đề: V/v cử cán bộ"])}`,
    expected: YES,
  },
  {
    name: "Apple Mail en, quoted attribution",
    text: `${EN}\n\n> On 5 Mar 2026, at 10:00, phoihop <phoihop@phoihop.example> wrote:\n>\n${OLD_VI}\n`,
    expected: EN,
  },
  {
    name: "ordinary line that looks like a header",
    text: `From: the attached list, we choose two officers.\n${EN}\n`,
    expected: `From: the attached list, we choose two officers.\n${EN}`,
  },
];

export type Verdict = "exact" | "acceptable" | "wrong";

/** Exact; acceptable when only the `>` context kept between answers differs; else wrong. */
export function judge(output: string, expected: string): Verdict {
  const norm = (s: string) =>
    s
      .replace(/\r\n?/g, "\n")
      .replace(/[ \t]+$/gm, "")
      .replace(/\n{3,}/g, "\n\n")
      .trim();
  if (norm(output) === norm(expected)) return "exact";
  return norm(ownText(norm(output))) === norm(ownText(norm(expected))) ? "acceptable" : "wrong";
}

export const STRIPPERS: Record<string, (text: string) => string> = {
  "hand-written (ours)": stripQuoted,
  "email-reply-parser": (text) => new EmailReplyParser().read(text).getVisibleText(),
  planer: (text) => planer.extractFrom(text, "text/plain"),
};

export function compareStrippers(): {
  name: string;
  exact: number;
  acceptable: number;
  wrong: number;
  failed: string[];
}[] {
  return Object.entries(STRIPPERS).map(([name, strip]) => {
    const tally = { name, exact: 0, acceptable: 0, wrong: 0, failed: [] as string[] };
    for (const c of QUOTE_CASES) {
      let out: string;
      try {
        out = strip(c.text);
      } catch {
        out = "(threw)";
      }
      const v = judge(out, c.expected);
      tally[v]++;
      if (v === "wrong") tally.failed.push(c.name);
    }
    return tally;
  });
}
