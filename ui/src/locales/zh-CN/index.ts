// Simplified Chinese, one file per area. Keys are "area.thing" strings; the key set is the
// source of truth for every language (see ../en-US).
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

export const ZH_AREAS = {
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

export const zhCN = {
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

export type MessageKey = keyof typeof zhCN;
