// Work orders where the customer work happens: "new work order" from a customer, a contact
// or a contract (the customer preset and locked), and a customer's own orders on its detail.
import { Button, Space } from "antd";
import { CustomerServiceOutlined, PlusOutlined } from "@ant-design/icons";
import { useState } from "react";
import { api, serviceKeys, type WorkOrderFilter, type WorkOrderRow } from "../../api";
import { useSession } from "../../app/session";
import ListPage from "../../components/ListPage";
import { useI18n } from "../../i18n";
import { workOrderColumns } from "./columns";
import WorkOrderDrawer from "./WorkOrderDrawer";
import WorkOrderForm, { type WorkOrderDefaults } from "./WorkOrderForm";
import { DEFAULT_FILTER } from "./WorkOrderList";

/**
 * "New work order" for a customer (and one of its contacts or contracts): the button and
 * its form. Shown only to those who may open orders (service:create).
 */
export function NewWorkOrderButton({
  defaults,
  id,
  size,
  type,
  icon = true,
  onSaved,
}: {
  defaults: WorkOrderDefaults;
  id: string;
  size?: "small";
  type?: "link" | "default" | "primary";
  icon?: boolean;
  onSaved?: (r: WorkOrderRow) => void;
}) {
  const { t } = useI18n();
  const { can } = useSession();
  const [open, setOpen] = useState(false);
  if (!can("service:create")) return null;
  return (
    <>
      <Button
        id={id}
        size={size}
        type={type}
        icon={icon ? <CustomerServiceOutlined /> : undefined}
        onClick={(e) => {
          e.stopPropagation();
          setOpen(true);
        }}
      >
        {t("wo.new")}
      </Button>
      {/* Outside the button's row: a click in the form must not reach a clickable row. */}
      <span onClick={(e) => e.stopPropagation()} onDoubleClick={(e) => e.stopPropagation()}>
        <WorkOrderForm editing={open ? "new" : null} defaults={defaults} onClose={() => setOpen(false)} onSaved={onSaved} />
      </span>
    </>
  );
}

/** A customer's work orders, every status, newest first; a click opens the order over the customer. */
export function CustomerWorkOrders({ customerId, customerName }: { customerId: number; customerName: string }) {
  const { t } = useI18n();
  const { can } = useSession();
  const [openId, setOpenId] = useState<number | null>(null);
  const [creating, setCreating] = useState(false);
  const filter: WorkOrderFilter = { ...DEFAULT_FILTER, queue: "all", customerId, sort: "created" };
  return (
    <div data-testid="customer-work-orders">
      <ListPage<WorkOrderRow>
        id="customerWorkOrders"
        queryKey={serviceKeys.list(filter)}
        columns={workOrderColumns(t, { withCustomer: false })}
        filters={filter}
        rowKey={(r) => r.id}
        fetch={(page) => api.service.list(filter, page)}
        onOpen={(r) => setOpenId(r.id)}
        openOnClick
        pageSize={20}
        defaultHidden={["createdAt"]}
        emptyText={t("wo.customerEmpty")}
        toolbar={
          can("service:create") && (
            <Space>
              <Button type="primary" icon={<PlusOutlined />} id="customer-wo-tab-new" onClick={() => setCreating(true)}>
                {t("wo.new")}
              </Button>
            </Space>
          )
        }
      />
      <WorkOrderForm
        editing={creating ? "new" : null}
        defaults={{ customerId, customerName }}
        onClose={() => setCreating(false)}
        onSaved={(r) => setOpenId(r.id)}
      />
      <WorkOrderDrawer id={openId} onClose={() => setOpenId(null)} />
    </div>
  );
}
