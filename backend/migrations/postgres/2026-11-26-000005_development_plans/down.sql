DROP TABLE development_plans;
