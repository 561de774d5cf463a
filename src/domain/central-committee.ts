/** The code of Ủy ban Kiểm tra Đảng ủy Công an Trung ương, the central committee of the registry. */
export const CENTRAL_CODE = "CATW";
