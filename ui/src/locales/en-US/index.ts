// English, one file per area, each checked against its zh-CN twin.
import type { MessageKey } from "../zh-CN";
import common from "./common";
import auth from "./auth";
import nav from "./nav";
import dashboard from "./dashboard";
import customers from "./customers";
import admin from "./admin";
import settings from "./settings";
import sales from "./sales";
import followUps from "./followUps";
import activities from "./activities";
import leads from "./leads";
import contacts from "./contacts";
import products from "./products";
import opportunities from "./opportunities";
import receivables from "./receivables";
import service from "./service";
import marketing from "./marketing";
import reports from "./reports";
import dataio from "./dataio";
import transfer from "./transfer";
import diagnostics from "./diagnostics";
import update from "./update";

export const EN_AREAS = {
  common,
  auth,
  nav,
  dashboard,
  customers,
  admin,
  settings,
  sales,
  followUps,
  activities,
  leads,
  contacts,
  products,
  opportunities,
  receivables,
  service,
  marketing,
  reports,
  dataio,
  transfer,
  diagnostics,
  update,
};

export const enUS: Record<MessageKey, string> = {
  ...common,
  ...auth,
  ...nav,
  ...dashboard,
  ...customers,
  ...admin,
  ...settings,
  ...sales,
  ...followUps,
  ...activities,
  ...leads,
  ...contacts,
  ...products,
  ...opportunities,
  ...receivables,
  ...service,
  ...marketing,
  ...reports,
  ...dataio,
  ...transfer,
  ...diagnostics,
  ...update,
};
