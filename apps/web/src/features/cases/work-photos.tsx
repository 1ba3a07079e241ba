// Photos taken while working on a case, added to a work note: scaled down in the browser like the resident's.
import { PlusOutlined } from "@ant-design/icons";
import { Image, Space, Typography, Upload } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { MAX_PHOTOS, resizePhoto } from "../../mobile/cases";

export function WorkPhotos({ value = [], onChange }: { value?: string[]; onChange?: (v: string[]) => void }) {
  const { t } = useTranslation();
  const [failed, setFailed] = useState(false);
  return (
    <Space wrap>
      {value.map((src, i) => (
        <Image
          key={src}
          src={src}
          width={88}
          height={88}
          style={{ objectFit: "cover" }}
          preview={{ mask: t("caseDesk.removePhoto") }}
          onClick={() => onChange?.(value.filter((_, j) => j !== i))}
        />
      ))}
      {value.length < MAX_PHOTOS ? (
        <Upload
          accept="image/*"
          listType="picture-card"
          showUploadList={false}
          multiple
          beforeUpload={(file) => {
            setFailed(false);
            resizePhoto(file)
              .then((url) => onChange?.([...value, url].slice(0, MAX_PHOTOS)))
              .catch(() => setFailed(true));
            return false;
          }}
          data-testid="work-photos"
        >
          <PlusOutlined />
        </Upload>
      ) : null}
      {failed ? <Typography.Text type="danger">{t("caseDesk.photoFailed")}</Typography.Text> : null}
    </Space>
  );
}
