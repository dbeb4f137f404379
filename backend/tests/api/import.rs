//! Customer import from .xlsx: the template, the per-row report in the user's language, scope,
//! and all-or-nothing commit.

use actix_web::http::StatusCode;
use actix_web::test::TestRequest;
use jiyuan_crm::auth::policy::Role;
use rust_xlsxwriter::Workbook;
use serde_json::{json, Value};

use crate::both;
use crate::common::{Resp, TestApp};

const VALID_1: &str = "91130100MA07L7QG1A";
const VALID_2: &str = "91350100M000100Y43";

/// A workbook with the given sheets: (name, rows of cells, the first row being the headings).
fn xlsx(sheets: &[(&str, Vec<Vec<&str>>)]) -> Vec<u8> {
    let mut book = Workbook::new();
    for (name, rows) in sheets {
        let sheet = book.add_worksheet();
        sheet.set_name(*name).unwrap();
        for (r, cells) in rows.iter().enumerate() {
            for (c, v) in cells.iter().enumerate() {
                if !v.is_empty() {
                    sheet.write_string(r as u32, c as u16, *v).unwrap();
                }
            }
        }
    }
    book.save_to_buffer().unwrap()
}

async fn import(app: &TestApp, token: &str, file: Vec<u8>, commit: bool) -> Resp {
    app.send(
        TestRequest::post()
            .uri(&format!("/api/v1/customers/import?commit={commit}"))
            .insert_header(("Authorization", format!("Bearer {token}")))
            .insert_header((
                "Content-Type",
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            ))
            .set_payload(file),
    )
    .await
}

/// (sheet, row, column, code) of every problem, for comparing with what a user would read.
fn problems(r: &Resp) -> Vec<(String, u64, String, String)> {
    r.body["errors"]
        .as_array()
        .unwrap_or_else(|| panic!("no report: {r:?}"))
        .iter()
        .map(|e| {
            (
                e["sheet"].as_str().unwrap_or("").to_string(),
                e["row"].as_u64().unwrap_or(0),
                e["column"].as_str().unwrap_or("").to_string(),
                e["code"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn message(r: &Resp, row: u64, column: &str) -> String {
    r.body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["row"] == row && e["column"] == column)
        .unwrap_or_else(|| panic!("no problem at row {row} {column}: {r:?}"))["message"]
        .as_str()
        .unwrap()
        .to_string()
}

async fn customer_count(app: &TestApp, token: &str) -> u64 {
    app.get("/api/v1/customers", token).await.body["total"]
        .as_u64()
        .unwrap()
}

const CUSTOMER_HEADINGS: [&str; 8] = [
    "客户名称*",
    "统一社会信用代码",
    "邮政编码",
    "注册资本（元）",
    "注册日期",
    "重点客户",
    "标签",
    "业务员",
];
/// Office 石家庄办事处 and its salesman `s1`: (office id, s1's id, s1's token).
async fn office_and_salesman(app: &TestApp) -> (i64, i64, String) {
    let admin = app.admin().await;
    let office = app
        .post(
            "/api/v1/offices",
            Some(&admin),
            json!({"code": "OA", "name": "石家庄办事处"}),
        )
        .await
        .body["id"]
        .as_i64()
        .unwrap();
    let s1_id = app.user("s1", &[Role::Salesman], Some(office)).await;
    (office, s1_id, app.token_for(s1_id))
}

const PEOPLE_HEADINGS: [&str; 5] = ["客户名称", "姓名", "职务", "电话", "电子邮箱"];

both!(
    import_reports_every_bad_row_and_writes_all_or_nothing,
    |app: TestApp| async move {
        let (office, s1_id, s1) = office_and_salesman(&app).await;
        let (_, manager) = app.as_role("bm", &[Role::BusinessManager]).await;
        let existing = app
            .post(
                "/api/v1/customers",
                Some(&s1),
                json!({"name": "已有客户有限公司", "credit_code": VALID_2}),
            )
            .await
            .body;

        let broken = xlsx(&[
            (
                "客户",
                vec![
                    CUSTOMER_HEADINGS.to_vec(),
                    vec![
                        "导入甲有限公司",
                        VALID_1,
                        "050000",
                        "1,000,000.50",
                        "2015-03-20",
                        "是",
                        "光伏、照明",
                        "s1",
                    ],
                    vec![
                        "导入乙有限公司",
                        "91130100MA07L7QG1B",
                        "",
                        "",
                        "",
                        "",
                        "",
                        "s1",
                    ],
                    vec!["导入甲", "", "", "", "", "", "", "s1"],
                    vec!["已有客户", "", "", "", "", "", "", "s1"],
                    vec![
                        "导入丙有限公司",
                        "",
                        "123",
                        "12.345",
                        "2999-01-01",
                        "也许",
                        "",
                        "nobody",
                    ],
                ],
            ),
            (
                "关键人员",
                vec![
                    PEOPLE_HEADINGS.to_vec(),
                    vec![
                        "导入甲有限公司",
                        "李四",
                        "总经理",
                        "13800138000",
                        "li@example.com",
                    ],
                    vec!["不存在有限公司", "王五", "", "", ""],
                    vec!["导入甲有限公司", "赵六", "", "", "not-an-address"],
                ],
            ),
        ]);
        let r = import(&app, &manager, broken.clone(), true).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{r:?}");
        assert_eq!(
            r.headers.get("content-type").unwrap(),
            "application/problem+json"
        );
        assert_eq!(r.body["code"], "import.rejected");
        assert_eq!(
            (
                r.body["committed"].clone(),
                r.body["customer_rows"].clone(),
                r.body["key_person_rows"].clone(),
                r.body["created"].clone()
            ),
            (json!(false), json!(5), json!(3), json!([]))
        );
        let s = |sheet: &str, row, column: &str, code: &str| {
            (sheet.to_string(), row, column.to_string(), code.to_string())
        };
        assert_eq!(
            problems(&r),
            vec![
                s("customers", 3, "统一社会信用代码", "invalid"),
                s("customers", 4, "客户名称", "import.duplicate_in_file"),
                s("customers", 5, "客户名称", "customer.duplicate"),
                s("customers", 6, "邮政编码", "invalid"),
                s("customers", 6, "注册资本(元)", "import.bad_value"),
                s("customers", 6, "注册日期", "out_of_range"),
                s("customers", 6, "重点客户", "import.bad_value"),
                s("customers", 6, "业务员", "unknown_user"),
                s("key_people", 3, "客户名称", "import.unknown_customer"),
                s("key_people", 4, "电子邮箱", "invalid"),
            ],
            "{r:?}"
        );
        // In the user's language (Chinese by default), with what to do about it.
        assert_eq!(
            message(&r, 3, "统一社会信用代码"),
            "统一社会信用代码：校验码不符（GB 32100-2015）"
        );
        assert_eq!(message(&r, 4, "客户名称"), "客户名称：与第 2 行重复");
        assert_eq!(
            message(&r, 5, "客户名称"),
            format!(
                "客户名称：客户已存在（{} 已有客户有限公司）",
                existing["code"].as_str().unwrap()
            ),
            "the business manager sees the existing customer"
        );
        assert_eq!(
            message(&r, 6, "注册资本(元)"),
            "注册资本(元)：“12.345”应为金额（元），最多两位小数"
        );
        assert_eq!(customer_count(&app, &manager).await, 1, "nothing written");

        // The same report in English for a user who chose English.
        app.patch("/api/v1/me", &manager, json!({"language": "en"}))
            .await;
        let r = import(&app, &manager, broken, false).await;
        assert_eq!(message(&r, 4, "客户名称"), "客户名称: the same as row 2");

        // The corrected file: a dry run writes nothing, the commit writes everything.
        let good = xlsx(&[
            (
                "客户",
                vec![
                    CUSTOMER_HEADINGS.to_vec(),
                    vec![
                        "导入甲有限公司",
                        VALID_1,
                        "050000",
                        "1,000,000.50",
                        "2015-03-20",
                        "是",
                        "光伏、照明",
                        "s1",
                    ],
                    vec!["导入乙有限公司", "", "", "", "", "", "", "s1"],
                ],
            ),
            (
                "关键人员",
                vec![
                    PEOPLE_HEADINGS.to_vec(),
                    vec![
                        "导入甲有限公司",
                        "李四",
                        "总经理",
                        "13800138000",
                        "li@example.com",
                    ],
                ],
            ),
        ]);
        let r = import(&app, &manager, good.clone(), false).await;
        assert_eq!(r.status, StatusCode::OK, "{r:?}");
        assert_eq!(
            (r.body["committed"].clone(), r.body["errors"].clone()),
            (json!(false), json!([]))
        );
        assert_eq!(
            customer_count(&app, &manager).await,
            1,
            "a dry run writes nothing"
        );
        let r = import(&app, &manager, good.clone(), true).await;
        assert_eq!(r.status, StatusCode::OK, "{r:?}");
        assert_eq!(r.body["committed"], true);
        let created = r.body["created"].as_array().unwrap().clone();
        assert_eq!(
            created
                .iter()
                .map(|c| c["name"].clone())
                .collect::<Vec<_>>(),
            vec![json!("导入甲有限公司"), json!("导入乙有限公司")]
        );
        assert_eq!(customer_count(&app, &manager).await, 3);
        let id = created[0]["id"].as_i64().unwrap();
        let c = app.get(&format!("/api/v1/customers/{id}"), &s1).await;
        assert_eq!(
            c.status,
            StatusCode::OK,
            "the owner sees its imported customer"
        );
        assert_eq!(
            (
                c.body["code"].clone(),
                c.body["registered_capital_fen"].clone(),
                c.body["registration_date"].clone(),
                c.body["key_customer"].clone(),
                c.body["tags"].clone(),
                c.body["owner_user_id"].clone(),
                c.body["office_id"].clone(),
                c.body["status"].clone(),
            ),
            (
                created[0]["code"].clone(),
                json!(100_000_050),
                json!("2015-03-20"),
                json!(true),
                json!(["光伏", "照明"]),
                json!(s1_id),
                json!(office),
                json!("prospect"),
            )
        );
        let dossier = app
            .get(&format!("/api/v1/customers/{id}/dossier"), &s1)
            .await;
        let people: Vec<&Value> = dossier
            .body
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["kind"] == "key_person")
            .collect();
        assert_eq!(people.len(), 1, "{dossier:?}");
        assert_eq!(people[0]["content"]["name"], "李四");
        assert_eq!(people[0]["content"]["phone"], "13800138000");
        let versions = app
            .get(
                &format!("/api/v1/dossier-entries/{}/history", people[0]["id"]),
                &s1,
            )
            .await;
        assert_eq!(versions.status, StatusCode::OK, "{versions:?}");
        assert_eq!(
            versions.body.as_array().map(Vec::len),
            Some(1),
            "version 1 kept as history"
        );
        // The search finds imported customers by pinyin like any other.
        let r = app.get("/api/v1/customers?q=drj", &manager).await;
        assert_eq!(r.body["total"], 1, "{r:?}");
        // The same file again: every row is now a duplicate.
        let r = import(&app, &manager, good, true).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(problems(&r).len(), 2);
        let audit = app
            .get("/api/v1/audit-events?action=customer.import", &manager)
            .await;
        assert_eq!(audit.body["items"].as_array().unwrap().len(), 1);
        assert_eq!(
            audit.body["items"][0]["after"]["customers"][0]["name"],
            "导入甲有限公司"
        );
        assert_eq!(audit.body["items"][0]["after"]["key_people"], 1);
    }
);

both!(
    import_follows_the_creators_scope_and_role,
    |app: TestApp| async move {
        let (office, _, s1) = office_and_salesman(&app).await;
        app.user("s2", &[Role::Salesman], Some(office)).await;
        let (_, sb) = app.as_role("sb", &[Role::Salesman]).await;
        let (_, technical) = app.as_role("tech", &[Role::Technical]).await;
        let (_, finance) = app.as_role("fin", &[Role::Finance]).await;

        // Another salesman's customer: a salesman cannot import for someone else.
        let file = xlsx(&[(
            "客户",
            vec![
                vec!["客户名称", "业务员"],
                vec!["范围甲有限公司", "s2"],
                vec!["范围乙有限公司", ""],
            ],
        )]);
        let r = import(&app, &s1, file, true).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{r:?}");
        assert_eq!(
            message(&r, 2, "业务员"),
            "业务员：业务员只能导入自己名下的客户"
        );
        assert_eq!(
            problems(&r).len(),
            1,
            "the row without an owner is the salesman's"
        );

        // A customer that exists outside the importer's scope is reported without details.
        let r = import(
            &app,
            &s1,
            xlsx(&[("客户", vec![vec!["客户名称"], vec!["范围乙有限公司"]])]),
            true,
        )
        .await;
        assert_eq!(r.status, StatusCode::OK, "{r:?}");
        let r = import(
            &app,
            &sb,
            xlsx(&[("客户", vec![vec!["客户名称"], vec!["范围乙"]])]),
            false,
        )
        .await;
        let m = message(&r, 2, "客户名称");
        assert!(m.contains("申请借阅") && !m.contains('C'), "{m}");

        // Not a workbook, unknown or missing columns: one clear problem for the file.
        let r = import(&app, &s1, b"name,phone\n".to_vec(), false).await;
        assert_eq!(
            problems(&r),
            vec![(String::new(), 0, String::new(), "import.not_xlsx".into())]
        );
        let r = import(
            &app,
            &s1,
            xlsx(&[("客户", vec![vec!["名称", "电话"], vec!["甲", "1"]])]),
            false,
        )
        .await;
        let codes: Vec<String> = problems(&r).into_iter().map(|p| p.3).collect();
        assert_eq!(
            codes,
            ["import.unknown_column", "import.missing_column"],
            "名称 is not a heading of the template; 电话 is"
        );

        // Roles that may not write customers may not import or fetch the template.
        for token in [&technical, &finance] {
            let r = import(
                &app,
                token,
                xlsx(&[("客户", vec![vec!["客户名称"]])]),
                false,
            )
            .await;
            assert_eq!(r.status, StatusCode::FORBIDDEN);
            let r = app
                .get("/api/v1/customers/import/template.xlsx", token)
                .await;
            assert_eq!(r.status, StatusCode::FORBIDDEN);
        }
    }
);

both!(
    the_template_is_a_workbook_with_the_form_headings,
    |app: TestApp| async move {
        let (_, s1) = app.as_role("s1", &[Role::Salesman]).await;
        let r = app.get("/api/v1/customers/import/template.xlsx", &s1).await;
        assert_eq!(r.status, StatusCode::OK);
        assert!(r
            .headers
            .get("content-disposition")
            .unwrap()
            .to_str()
            .unwrap()
            .contains("template.xlsx"));
        use calamine::Reader;
        let mut book: calamine::Xlsx<_> =
            calamine::open_workbook_from_rs(std::io::Cursor::new(r.bytes)).unwrap();
        assert_eq!(book.sheet_names(), ["客户", "关键人员"]);
        let headings: Vec<String> = book
            .worksheet_range("客户")
            .unwrap()
            .rows()
            .next()
            .unwrap()
            .iter()
            .map(|c| c.to_string())
            .collect();
        for h in [
            "客户名称*",
            "统一社会信用代码",
            "邮政编码",
            "注册资本(元)",
            "法定代表人",
            "经营范围",
            "业务员",
            "办事处",
        ] {
            assert!(headings.iter().any(|x| x == h), "{h} in {headings:?}");
        }
    }
);

both!(
    category_key_flag_and_first_deal_come_only_from_those_who_decide_them,
    |app: TestApp| async move {
        let (_, _, s1) = office_and_salesman(&app).await;
        let (_, staff) = app.as_role("staff", &[Role::BusinessStaff]).await;
        let (_, manager) = app.as_role("bm", &[Role::BusinessManager]).await;
        let headings = vec!["客户名称", "客户类别", "重点客户", "首次成交日期", "业务员"];
        let file = |rows: Vec<Vec<&str>>| {
            let mut all = vec![headings.clone()];
            all.extend(rows);
            xlsx(&[("客户", all)])
        };

        // A salesman: every filled-in cell of those columns is refused, naming the column.
        let r = import(
            &app,
            &s1,
            file(vec![
                vec!["自定分类有限公司", "大客户", "是", "2000-01-01", "s1"],
                vec!["留空有限公司", "", "", "", "s1"],
            ]),
            true,
        )
        .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{r:?}");
        let s = |column: &str| {
            (
                "customers".to_string(),
                2,
                column.to_string(),
                "auth.forbidden".to_string(),
            )
        };
        assert_eq!(
            problems(&r),
            vec![s("客户类别"), s("重点客户"), s("首次成交日期")],
            "the row with those columns empty is fine"
        );
        assert_eq!(
            message(&r, 2, "客户类别"),
            "客户类别：由业务部经理决定，您的角色不能填写；请留空"
        );
        assert_eq!(
            message(&r, 2, "首次成交日期"),
            "首次成交日期：由首份签订的合同确定，只有业务部可以更正；请留空"
        );
        assert_eq!(customer_count(&app, &s1).await, 0, "nothing written");
        app.patch("/api/v1/me", &s1, json!({"language": "en"}))
            .await;
        let r = import(
            &app,
            &s1,
            file(vec![vec!["自定分类有限公司", "大客户", "", "", "s1"]]),
            false,
        )
        .await;
        assert_eq!(
            message(&r, 2, "客户类别"),
            "客户类别: the business manager decides it, your role may not fill it in; leave it empty"
        );

        // The business staff corrects first deals, but does not classify.
        let r = import(
            &app,
            &staff,
            file(vec![vec![
                "业务部导入有限公司",
                "大客户",
                "",
                "2019-05-10",
                "s1",
            ]]),
            false,
        )
        .await;
        assert_eq!(problems(&r), vec![s("客户类别")]);
        let r = import(
            &app,
            &staff,
            file(vec![vec!["业务部导入有限公司", "", "", "2019-05-10", "s1"]]),
            true,
        )
        .await;
        assert_eq!(r.status, StatusCode::OK, "{r:?}");
        let id = r.body["created"][0]["id"].as_i64().unwrap();
        let c = app.get(&format!("/api/v1/customers/{id}"), &s1).await.body;
        assert_eq!(
            (c["category"].clone(), c["first_deal_date"].clone()),
            (json!("general"), json!("2019-05-10"))
        );

        // The business manager decides all three; the audit trail keeps what the file decided.
        let r = import(
            &app,
            &manager,
            file(vec![vec![
                "经理导入有限公司",
                "大客户",
                "是",
                "2020-03-01",
                "s1",
            ]]),
            true,
        )
        .await;
        assert_eq!(r.status, StatusCode::OK, "{r:?}");
        let id = r.body["created"][0]["id"].as_i64().unwrap();
        let c = app.get(&format!("/api/v1/customers/{id}"), &s1).await.body;
        assert_eq!(
            (
                c["category"].clone(),
                c["key_customer"].clone(),
                c["first_deal_date"].clone()
            ),
            (json!("big"), json!(true), json!("2020-03-01"))
        );
        let audit = app
            .get("/api/v1/audit-events?action=customer.import", &manager)
            .await;
        assert_eq!(
            audit.body["items"][0]["after"]["customers"][0],
            json!({"id": id, "code": c["code"], "name": "经理导入有限公司",
                   "category": "big", "key_customer": true, "first_deal_date": "2020-03-01"})
        );
    }
);

both!(
    hostile_workbooks_are_refused_and_the_server_keeps_serving,
    |app: TestApp| async move {
        use crate::hostile::{self, Refusal};
        let (_, s1) = app.as_role("s1", &[Role::Salesman]).await;
        let (_, zh) = app.as_role("s2", &[Role::Salesman]).await;
        let r = app
            .patch("/api/v1/me", &s1, json!({"language": "en"}))
            .await;
        assert_eq!(r.status, StatusCode::OK, "{r:?}");
        let r = import(&app, &s1, hostile::sane(), false).await;
        assert_eq!(r.status, StatusCode::OK, "the control is read: {r:?}");

        let cases = hostile::cases();
        let far = cases[0].bytes.clone();
        for case in cases {
            let started = std::time::Instant::now();
            let r = import(&app, &s1, case.bytes, true).await;
            let name = case.name;
            assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{name}: {r:?}");
            assert_eq!(r.body["code"], "import.rejected", "{name}: {r:?}");
            let errors = r.body["errors"].as_array().unwrap();
            let (code, message) = (
                errors[0]["code"].as_str().unwrap(),
                errors[0]["message"].as_str().unwrap(),
            );
            match case.refusal {
                Refusal::TooLarge(text) => {
                    assert_eq!(errors.len(), 1, "{name}: {r:?}");
                    assert_eq!(code, "import.too_large", "{name}: {r:?}");
                    assert!(message.contains(text), "{name}: {message}");
                }
                Refusal::NotXlsx => {
                    assert_eq!(errors.len(), 1, "{name}: {r:?}");
                    assert_eq!(code, "import.not_xlsx", "{name}: {r:?}");
                }
                Refusal::Either => {}
            }
            eprintln!("{name}: {:?} → {code}: {message}", started.elapsed());
        }

        // A sheet-level refusal names the sheet, in the user's language.
        let r = import(&app, &zh, far, false).await;
        assert_eq!(r.body["errors"][0]["sheet"], "customers", "{r:?}");
        assert_eq!(
            r.body["errors"][0]["message"],
            "文件过大：工作表“客户”在第 10001 行之后还有单元格（最多 10001 行）"
        );

        // Nothing was written, the server answers, and a sane file is still imported.
        assert_eq!(customer_count(&app, &s1).await, 0);
        let r = import(&app, &s1, hostile::sane(), true).await;
        assert_eq!(r.status, StatusCode::OK, "{r:?}");
        assert_eq!(customer_count(&app, &s1).await, 1);
        if let Some(mb) = hostile::peak_memory_mb() {
            eprintln!("peak memory: {mb} MB");
            assert!(mb < 1024, "the test process peaked at {mb} MB");
        }
    }
);
