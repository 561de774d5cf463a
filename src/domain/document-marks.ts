/** The secrecy (độ mật) and urgency (độ khẩn) marks a request and its letters carry. */
export const CLASSIFICATIONS = ["thuong", "mat", "toi_mat", "tuyet_mat"] as const;
export const URGENCIES = ["thuong", "khan", "thuong_khan", "hoa_toc"] as const;
