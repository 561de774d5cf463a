/**
 * The one way a report's due day is written, wherever it is shown (the schedule page, the request's e-mail, the
 * submission form, the report itself): "17:00 ngày 27/3/2026", the hour being the reply policy's end of day.
 */
import { parseIsoDate, shortDateVi } from "../domain/vn-format.js";

export const DUE_HOUR = "17:00";

export const dueDayText = (isoDay: string): string => `${DUE_HOUR} ngày ${shortDateVi(parseIsoDate(isoDay))}`;
